"""The speakers' colours of the reader, and the WCAG contrast ratio they are chosen by.

An article's speakers take the colours in the order of its legend (then again from the
first, with the legend number as the cue that tells them apart). Each colour is the colour of
its quotes' text on the page's background and on the tint behind a focused quote, so each must
reach WCAG AA for body text (4.5:1) on both; tests/web/test_palette.py checks it. The CSS
(static/reader.css) holds the same values as classes ``c0``..``c7``.
"""

from __future__ import annotations

BACKGROUND = "#fffdf8"
FOCUS_TINT = "#f1ede2"  # behind a hovered or focused quote
TEXT = "#1d1b16"
MUTED = "#5a554a"  # metadata, counts
TIP_BACKGROUND = "#1d1b16"
TIP_TEXT = "#fffdf8"
PALETTE = (
    "#1f5fa8",  # blue
    "#b3261e",  # red
    "#1b6e35",  # green
    "#7b3a99",  # purple
    "#94480a",  # brown
    "#0b6577",  # teal
    "#a1195f",  # magenta
    "#4f5c00",  # olive
)
# The underline of a quote's content changes with its colour, so two speakers never differ by
# colour alone even where the legend number is out of sight.
UNDERLINES = ("solid", "dashed", "dotted", "double")
AA_TEXT = 4.5


def colour_class(n: int) -> str:
    """The CSS class of the ``n``-th speaker of an article's legend (from 0)."""
    return f"c{n % len(PALETTE)}"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.x) of ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
