"""The search index: folded text of every paragraph and quote, written by the ingester.

On SQLite it is an FTS5 table (ranked with bm25); the migrations create it. Text is folded
(``app.nlp.fold``) on the way in and the query is folded the same way, so Arabic and Persian
spellings meet; snippets are cut from the original text using the folded offsets.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from app.nlp.fold import fold, fold_with_offsets

FTS_TABLE = "search_fts"
_SNIPPET_RADIUS = 60
_WORD = re.compile(r"\w+")


def is_search_table(name: str) -> bool:
    """The FTS5 table and the shadow tables SQLite makes for it (``search_fts_data`` …)."""
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


def uses_fts(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def index_article(session: Session, article_id: str, paragraphs, quotes) -> None:  # type: ignore[no-untyped-def]
    """Add an article's paragraphs and quotes to the index (after ``drop_article``)."""
    if not uses_fts(session):
        return
    rows = [
        {"body": fold(p.text), "doc_type": "paragraph", "article_id": article_id,
         "paragraph": p.position, "quote_id": None}
        for p in paragraphs
    ] + [
        {"body": fold(q.content_text), "doc_type": "quote", "article_id": article_id,
         "paragraph": q.paragraph, "quote_id": q.id}
        for q in quotes
    ]  # fmt: skip
    if rows:
        session.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (body, doc_type, article_id, paragraph, quote_id) "
                "VALUES (:body, :doc_type, :article_id, :paragraph, :quote_id)"
            ),
            rows,
        )


def drop_article(session: Session, article_id: str) -> None:
    if uses_fts(session):
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE article_id = :a"), {"a": article_id})


def query_terms(q: str) -> list[str]:
    """The folded words of a query; FTS syntax typed by the user is never passed through."""
    return _WORD.findall(fold(q))


def fts_query(terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', "") + '"' for t in terms)


@dataclass(frozen=True, slots=True)
class Snippet:
    html: str
    matches: list[tuple[int, int]]


def snippet(original: str, terms: list[str]) -> Snippet:
    """Matched words marked in the original spelling; everything else HTML-escaped."""
    folded, offsets = fold_with_offsets(original)
    matches: list[tuple[int, int]] = []
    for term in terms:
        for m in re.finditer(r"(?<!\w)" + re.escape(term), folded):
            start = offsets[m.start()]
            end = offsets[m.end() - 1] + 1
            matches.append((start, end))
    matches = _merge(sorted(matches))
    if not matches:
        window = (0, min(len(original), 2 * _SNIPPET_RADIUS))
    else:
        window = (
            max(0, matches[0][0] - _SNIPPET_RADIUS),
            min(len(original), matches[0][1] + _SNIPPET_RADIUS),
        )
    out = []
    pos = window[0]
    for start, end in matches:
        if start < window[0] or end > window[1]:
            continue
        out.append(html.escape(original[pos:start]))
        out.append("<mark>" + html.escape(original[start:end]) + "</mark>")
        pos = end
    out.append(html.escape(original[pos : window[1]]))
    prefix = "…" if window[0] > 0 else ""
    suffix = "…" if window[1] < len(original) else ""
    return Snippet(prefix + "".join(out) + suffix, matches)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
