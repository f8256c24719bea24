"""Every speaker colour reaches WCAG AA for text on the reader's backgrounds, and the CSS holds
the palette's colours."""

from __future__ import annotations

import re

import pytest

from app.web import palette
from app.web.templating import STATIC


@pytest.mark.parametrize("colour", palette.PALETTE)
@pytest.mark.parametrize("background", [palette.BACKGROUND, palette.FOCUS_TINT])
def test_speaker_colour_contrast_is_aa(colour: str, background: str) -> None:
    assert palette.contrast(colour, background) >= palette.AA_TEXT


def test_other_text_contrast_is_aa() -> None:
    assert palette.contrast(palette.TEXT, palette.BACKGROUND) >= palette.AA_TEXT
    assert palette.contrast(palette.MUTED, palette.FOCUS_TINT) >= palette.AA_TEXT
    assert palette.contrast(palette.TIP_TEXT, palette.TIP_BACKGROUND) >= palette.AA_TEXT
    for colour in palette.PALETTE:  # the legend number, background-coloured on the colour
        assert palette.contrast(palette.BACKGROUND, colour) >= palette.AA_TEXT


def test_contrast_matches_known_ratios() -> None:
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert palette.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_css_holds_the_palette() -> None:
    css = (STATIC / "reader.css").read_text(encoding="utf-8")
    found = dict(re.findall(r"\.c(\d) \{ --speaker: (#[0-9a-f]{6});", css))
    assert [found[str(n)] for n in range(len(palette.PALETTE))] == list(palette.PALETTE)
    root = re.search(r":root \{(.*?)\}", css, re.S)
    assert root is not None
    for name, value in (
        ("bg", palette.BACKGROUND), ("tint", palette.FOCUS_TINT), ("text", palette.TEXT),
        ("muted", palette.MUTED), ("tip-bg", palette.TIP_BACKGROUND),
        ("tip-text", palette.TIP_TEXT),
    ):  # fmt: skip
        assert f"--{name}: {value};" in root.group(1)
