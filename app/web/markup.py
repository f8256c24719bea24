"""A paragraph with its quotes marked up: code-point spans (content, cue, mention, addressee)
turned into well-nested, escaped HTML.

Spans of different quotes may nest (a quote inside a quote) or cross (a cue that starts inside
another quote's content and ends after it). Spans that nest become nested elements; a span that
crosses the one it starts in is cut where that one ends, and its second piece goes on as an
element of its own, so the markup always nests and every character is escaped exactly once.
The work is a sort and one pass over the spans: near-linear in the paragraph's annotations.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from app.web.palette import colour_class

# Outermost first when two spans start and end together.
_RANK = {"content": 0, "addressee": 1, "mention": 2, "cue": 3}
KIND_LABELS = {"direct": "نقل مستقیم", "indirect": "نقل غیرمستقیم", "according_to": "به گزارش"}


@dataclass(slots=True)
class _Node:
    start: int
    end: int
    kind: str  # "content", "cue", "mention", "addressee"; "root" for the paragraph
    quote: dict[str, Any] | None = None
    first: bool = True  # the first piece of its span (a cut span's later pieces are not)
    children: list[_Node] = field(default_factory=list)


def _spans(quotes: list[dict[str, Any]], length: int) -> list[tuple[int, int, int, int, _Node]]:
    """Heap entries for every span of the paragraph's quotes (clamped to the text); a cue,
    mention or addressee given twice (one mention for two quotes) is kept once."""
    seen: set[tuple[str, int, int]] = set()
    entries = []
    for q in quotes:
        for kind in _RANK:
            span = q.get(kind)
            if span is None:
                continue
            start, end = max(0, span["start"]), min(length, span["end"])
            if start >= end or (kind != "content" and (kind, start, end) in seen):
                continue
            seen.add((kind, start, end))
            node = _Node(start, end, kind, q)
            entries.append((start, -end, _RANK[kind], len(entries), node))
    return entries


def _tree(text: str, quotes: list[dict[str, Any]]) -> _Node:
    root = _Node(0, len(text), "root")
    heap = _spans(quotes, len(text))
    heapq.heapify(heap)
    stack = [root]
    order = len(heap)
    while heap:
        _, _, rank, _, node = heapq.heappop(heap)
        while stack[-1].end <= node.start:
            stack.pop()
        top = stack[-1]
        if node.end > top.end:  # crosses the span it starts in: cut it where that one ends
            rest = _Node(top.end, node.end, node.kind, node.quote, first=False)
            heapq.heappush(heap, (rest.start, -rest.end, rank, order, rest))
            order += 1
            node.end = top.end
        top.children.append(node)
        stack.append(node)
    return root


def _tip(q: dict[str, Any]) -> str:
    """What hovering or focusing a quote shows: speaker, kind, channel, confidence."""
    parts = [q["speaker"]["name"] or "؟", KIND_LABELS.get(q["kind"], q["kind"])]
    if q.get("via"):
        parts.append(f"از طریق {q['via']}")
    parts.append(f"اطمینان {fa_digits(round(q['confidence'] * 100))}٪")
    return " · ".join(parts)


def _open(node: _Node, numbers: dict[str, int], in_link: bool) -> tuple[str, str]:
    q = node.quote or {}
    speaker = q.get("speaker", {}).get("id", "")
    if node.kind == "content":
        n = numbers.get(speaker, 0)
        attrs = (
            f' class="q {colour_class(n)}" data-quote-id="{escape(q["id"])}"'
            f' data-speaker-id="{escape(speaker)}" data-n="{escape(fa_digits(n + 1))}"'
        )
        if not node.first:
            return f'<span{attrs} data-part="more">', "</span>"
        tip_id = f"tip-{escape(q['id'])}"
        return (
            f'<span{attrs} id="quote-{escape(q["id"])}" tabindex="0" aria-describedby="{tip_id}">'
            f'<span class="tip" role="tooltip" id="{tip_id}">{escape(_tip(q))}</span>',
            "</span>",
        )
    if node.kind == "cue":
        return '<em class="cue">', "</em>"
    if node.kind == "mention" and not in_link:
        return f'<a class="mention" href="/speakers/{escape(speaker)}">', "</a>"
    return f'<span class="{node.kind}">', "</span>"


def _render(text: str, node: _Node, numbers: dict[str, int], out: list[str], in_link: bool) -> None:
    pos = node.start
    for child in node.children:
        out.append(str(escape(text[pos : child.start])))
        opening, closing = _open(child, numbers, in_link)
        out.append(opening)
        _render(text, child, numbers, out, in_link or opening.startswith("<a "))
        out.append(closing)
        pos = child.end
    out.append(str(escape(text[pos : node.end])))


def paragraph_html(text: str, quotes: list[dict[str, Any]], numbers: dict[str, int]) -> Markup:
    """The paragraph's text, escaped, with its quotes marked: ``numbers`` gives each speaker id
    its place in the article's legend (its colour and number)."""
    out: list[str] = []
    _render(text, _tree(text, quotes), numbers, out, in_link=False)
    return Markup("".join(out))  # all text above went through escape()


_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa_digits(value: object) -> str:
    """Numbers as Persian text writes them."""
    return str(value).translate(_FA_DIGITS)
