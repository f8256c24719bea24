"""What the search index holds of an article: each paragraph's search keys in order, and for
each key whether it stands inside a quote's content (the ``in:quote`` filter). Built in the
annotator's process from its source maps when an article is annotated, and from stored rows
when an article is indexed again (``app/store/backfill.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.nlp.search_keys import keys, mapped_keys, mapped_words
from app.nlp.source_map import SourceMap

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """A paragraph as the search index holds it: its search keys in order, and for each
    whether it stands inside a quote's content."""

    paragraph: int
    keys: tuple[str, ...]
    quoted: tuple[bool, ...]


def index_docs(
    paragraphs: Sequence[str], quotes: Iterable[Row], maps: Sequence[SourceMap] = ()
) -> list[IndexDoc]:
    """The index documents of an article's paragraphs; ``quotes``: rows with ``paragraph``,
    ``content_start`` and ``content_end`` (the ingester's, or the stored ones); ``maps``: the
    paragraphs' source maps when the annotator has just made them (else they are made here)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for q in quotes:
        spans.setdefault(q["paragraph"], []).append((q["content_start"], q["content_end"]))
    docs = []
    for n, text in enumerate(paragraphs, start=1):
        if maps and n not in spans:  # no quote: no key is inside one, no offset is needed
            words = tuple(mapped_words(maps[n - 1]))
            docs.append(IndexDoc(n, words, (False,) * len(words)))
            continue
        found = mapped_keys(maps[n - 1]) if maps else keys(text)
        docs.append(IndexDoc(n, tuple(k.key for k in found), _inside(found, spans.get(n, []))))
    return docs


def _inside(found: Sequence[Any], spans: list[tuple[int, int]]) -> tuple[bool, ...]:
    """For each key (in text order), whether one of ``spans`` covers it: the spans merged
    into disjoint runs, then one sweep over both in order, however many quotes there are."""
    runs: list[list[int]] = []
    for start, end in sorted(spans):
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    out, i = [], 0
    for key in found:
        while i < len(runs) and runs[i][1] <= key.start:
            i += 1
        out.append(i < len(runs) and runs[i][0] <= key.start and key.end <= runs[i][1])
    return tuple(out)
