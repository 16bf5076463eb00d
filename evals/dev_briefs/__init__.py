"""Fictional development briefs in real partnership layouts (issue #12 item 6).

``python -m evals.dev_briefs build OUT_DIR`` writes every brief; ``expected.json`` and
``questions.jsonl`` beside this file say what a reader finds in each and what to ask.
"""
