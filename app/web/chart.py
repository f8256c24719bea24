"""A speaker's quotes per month as an SVG bar chart, drawn on the server (no script).

The months come from the store's timeline (``SpeakerTimeline``: only months with quotes); the
months between them are drawn as empty bars so the gaps show, up to :data:`MAX_MONTHS` bars
(a longer span keeps only its months with quotes, so the chart stays a bounded size).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from app.web.markup import fa_digits

MAX_MONTHS = 240
WIDTH, HEIGHT, AXIS, TOP = 640, 140, 28, 18
MAX_BAR = 36  # a few months are narrow bars, not blocks
LABELLED = 24  # up to this many bars each shows its count


def _months(periods: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counts = {p["period"]: p["quotes"] for p in periods}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    y, m = int(first[:4]), int(first[5:7])
    span = (int(last[:4]) - y) * 12 + int(last[5:7]) - m + 1
    if span > MAX_MONTHS:
        return sorted(counts.items())
    months = []
    for i in range(span):
        label = f"{y + (m - 1 + i) // 12:04d}-{(m - 1 + i) % 12 + 1:02d}"
        months.append((label, counts.get(label, 0)))
    return months


def timeline_svg(timeline: dict[str, Any]) -> Markup | None:
    """The chart, or None when no quote of the speaker has a date."""
    months = _months(timeline["periods"])
    if not months:
        return None
    top = max(n for _, n in months)
    step = WIDTH / len(months)
    bar = max(1.0, min(MAX_BAR, step * 0.8))
    total = sum(n for _, n in months)
    quotes = "نقل\u200cقول"
    span = fa_digits(len(months))
    label = f"{quotes}\u200cها در هر ماه: {fa_digits(total)} {quotes} در {span} ماه"
    out = [
        f'<svg class="timeline" viewBox="0 {-TOP} {WIDTH} {HEIGHT + AXIS + TOP}" role="img"'
        f' aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" class="axis"/>',
    ]
    every = max(1, len(months) // 8)  # at most about eight labels under the bars
    for i, (month, n) in enumerate(months):
        h = 0 if n == 0 else max(2.0, HEIGHT * n / top)
        x = i * step + (step - bar) / 2
        tip = f"{fa_digits(month)}: {fa_digits(n)}"
        out.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - h:.1f}" width="{bar:.1f}" height="{h:.1f}"'
            f' class="bar"><title>{escape(tip)}</title></rect>'
        )
        if n and len(months) <= LABELLED:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - h - 4:.1f}" text-anchor="middle"'
                f' class="count">{fa_digits(n)}</text>'
            )
        if i % every == 0:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT + 18}" text-anchor="middle"'
                f' class="tick">{escape(fa_digits(month))}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))  # every text above went through escape()
