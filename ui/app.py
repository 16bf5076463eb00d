"""The Review Learning Assistant chat UI (Streamlit): the entry script.

Start it with ``review-assistant ui`` (or ``streamlit run ui/app.py``). Settings come from the
``REVIEW_ASSISTANT_*`` environment variables. This script opens the assistant (once per
process, :mod:`ui.resources`), indexes the bundled corpus on a first start and hands over to
the pages, each its own page script: *Ask* (:mod:`ui.ask_page`), *Corpus*
(:mod:`ui.corpus_page`), *Across reviews* (:mod:`ui.compare_page`) and *About these answers*
(:mod:`ui.about_page`). Pages only lay out widgets and call the assistant's public API.

Safety: no document, question or answer text is ever rendered as HTML: everything shown
through Streamlit's Markdown goes through :func:`assistant.render.escape_markdown` first, raw
document text is shown with ``st.code``, and ``unsafe_allow_html`` is never used.
"""

from __future__ import annotations

import streamlit as st

from ui.conversation import APP_TITLE
from ui.resources import current_assistant, current_settings, ensure_corpus

# (page script next to this one, title, icon, URL path); the first is the default. A comment,
# not a docstring: Streamlit's "magic" displays a bare string of the script on every page.
PAGES = (
    ("ask_page.py", "Ask", ":material/forum:", "ask"),
    ("corpus_page.py", "Corpus", ":material/library_books:", "corpus"),
    ("compare_page.py", "Across reviews", ":material/compare:", "compare"),
    ("about_page.py", "About these answers", ":material/info:", "about"),
)


def main() -> None:
    """Open the assistant, index a first start's corpus, run the selected page."""
    st.set_page_config(page_title=APP_TITLE, page_icon=":material/menu_book:", layout="centered")
    ensure_corpus(current_assistant(current_settings()))
    page = st.navigation(
        [
            st.Page(script, title=title, icon=icon, url_path=url, default=index == 0)
            for index, (script, title, icon, url) in enumerate(PAGES)
        ]
    )
    page.run()


if __name__ == "__main__":
    main()
