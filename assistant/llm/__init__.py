"""Optional LLM answering, one job per module (nothing here imports LangChain until a
backend is built, so the default extractive path never loads it):

* :mod:`assistant.llm.backends`: the backend registry (``openai``, ``ollama``,
  ``llama-cpp``), :func:`~assistant.llm.backends.chat_model_from_settings` and the LangChain
  adapter;
* :mod:`assistant.llm.prompt`: the answer and follow-up prompts;
* :mod:`assistant.llm.streaming`: streaming a reply under an overall deadline;
* :mod:`assistant.llm.answer`: the answer and follow-up rewrite, checked by
  :mod:`assistant.validate`.
"""
