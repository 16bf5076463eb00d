"""The cited page: a PDF page rendered with pypdfium2 and the quote highlighted (Pillow)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from assistant.page_image import render_page
from core.errors import DocumentError
from tests.builders import make_pdf

QUOTE = (
    "Practitioners should always consider the possibility of physical abuse when a "
    "non-mobile baby presents with any bruise, however small, and refer it the same day."
)


@pytest.fixture
def pdf(tmp_path: Path) -> bytes:
    path = make_pdf(
        tmp_path / "brief.pdf",
        [
            "Learning Brief: Rapid Review Baby Q\n\nCase summary\n\nBaby Q was seen by a GP.",
            "Key learning\n\n1. Information was not shared with the health visitor.\n\n2. "
            + QUOTE  # long enough to wrap over two lines
            + "\n\n3. Fathers were not seen.",
        ],
        font_size=11,
    )
    return path.read_bytes()


def _yellowness(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Mean of (red + green)/2 - blue over the box: high for yellow, ~0 for white/black."""
    crop = image.convert("RGB").crop(tuple(int(v) for v in box))
    pixels = list(crop.getdata())
    return sum((r + g) / 2 - b for r, g, b in pixels) / max(1, len(pixels))


def test_quote_on_its_page_is_highlighted_line_by_line(pdf: bytes) -> None:
    result = render_page(pdf, 2, QUOTE)
    assert (result.page, result.pages, result.found) == (2, 2, "all")
    assert len(result.boxes) >= 2  # the quote wraps: one box per line
    image = Image.open(io.BytesIO(result.png))
    assert image.format == "PNG"
    width, height = image.size
    for left, top, right, bottom in result.boxes:
        assert 0 <= left < right <= width and 0 <= top < bottom <= height
        assert _yellowness(image, (left, top, right, bottom)) > 20
    # The title line above the quote is not highlighted.
    first_top = min(b[1] for b in result.boxes)
    assert _yellowness(image, (0, 0, width, max(1, first_top - 40))) < 5


def test_quote_with_other_line_breaks_and_typography_is_still_found(pdf: bytes) -> None:
    variant = QUOTE.replace(" ", "\n", 3).replace("baby", "baby ")
    assert render_page(pdf, 2, variant).found == "all"


def test_quote_partly_on_the_page(pdf: bytes) -> None:
    result = render_page(pdf, 2, QUOTE + " Something the page never says about anything at all.")
    assert result.found == "part" and result.boxes


def test_quote_not_on_the_page(pdf: bytes) -> None:
    result = render_page(pdf, 1, QUOTE)
    assert result.found == "none" and result.boxes == ()
    assert Image.open(io.BytesIO(result.png)).size[0] > 0


def test_bad_input_raises_a_document_error(pdf: bytes) -> None:
    with pytest.raises(DocumentError, match="page 3 is not one of them"):
        render_page(pdf, 3, QUOTE)
    with pytest.raises(DocumentError, match="not a readable PDF"):
        render_page(b"not a pdf", 1, QUOTE)
