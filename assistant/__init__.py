"""Answering: retrieve -> scope -> answer -> cite -> render, and the service that composes
them with ``ingest`` (:class:`assistant.service.Assistant`).

Importing the package registers the built-in extensions (fusion methods in
:mod:`assistant.fusion`, LLM backends in :mod:`assistant.llm.backends`), so the settings
that name one (``fusion``, ``llm_backend``) are checked against every registered name.
"""

from assistant import fusion as fusion
from assistant.llm import backends as backends
