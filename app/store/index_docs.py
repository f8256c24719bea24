"""What the search index holds of an article: each paragraph's search keys in order, and for
each key whether it stands inside a quote's content (the ``in:quote`` filter). Built in the
annotator's process from its source maps when an article is annotated, and from stored rows
when an article is indexed again (``app/store/backfill.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.nlp.search_keys import keys_within, mapped_words
from app.nlp.source_map import SourceMap, source_map

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
        mapped = maps[n - 1] if maps else source_map(text)
        if n not in spans:  # no quote: no key is inside one, no offset is needed
            words = tuple(mapped_words(mapped))
            docs.append(IndexDoc(n, words, (False,) * len(words)))
        else:
            docs.append(IndexDoc(n, *keys_within(mapped, _runs(spans[n]))))
    return docs


def _runs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotes' content spans merged into disjoint runs, in order."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if runs and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs
