"""The shared core that ``ingest`` and ``assistant`` both build on.

It holds what every stage agrees on and nothing that does work: the stage dataclasses
(:mod:`core.models`), the exception tree (:mod:`core.errors`), the one settings object
(:mod:`core.config`), the seams (:mod:`core.protocols`) and the one text toolkit
(:mod:`core.text`). ``core`` imports nothing from the other packages; import-linter checks it.
"""
