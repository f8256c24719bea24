"""The search index and the query language, the same folding on both sides.

On SQLite the index is an FTS5 table (ranked with bm25) that the migrations create; it stores
:func:`app.nlp.search_keys.index_text` of every paragraph and quote, and queries are parsed into
keys by the same function, so every spelling of a word meets. Snippets are cut from the original
text, the matched words marked where the user reads them.

Query language: words are AND; "an exact phrase" (or «…»); OR between alternatives; -word
excludes; word* matches a prefix. Anything else a user types is taken as words, never passed to
FTS5 as syntax.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import text
from sqlmodel import Session

from app.nlp.search_keys import Key, index_text, keys

FTS_TABLE = "search_fts"
MAX_QUERY = 1000
_SNIPPET_RADIUS = 60
_CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|«([^»]*)»?|(\S+))')


class BadQuery(ValueError):
    """A query with nothing to search for; the message says why."""


PG_TABLE = "search_doc"


def is_search_table(name: str) -> bool:
    """The FTS5 table and the shadow tables SQLite makes for it (``search_fts_data`` …), and
    PostgreSQL's tsvector table: both belong to the migrations, not to the models."""
    return name in (FTS_TABLE, PG_TABLE) or name.startswith(FTS_TABLE + "_")


def uses_fts(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# On SQLite an article's index rows are numbered from the id of its first paragraph row,
# shifted left by 32 bits: the rows of one article are one rowid range that FTS5 finds without
# a scan (its article_id column is not indexed), in the order they were added. Rows added before
# this numbering have rowids below 2**32 and are found by a scan of that range alone.
_ARTICLE_SHIFT = 32


def _first_paragraph_id(session: Session, article_id: str) -> int | None:
    return session.execute(
        text("SELECT min(id) FROM paragraph WHERE article_id = :a"), {"a": article_id}
    ).scalar()


def index_keys(texts: Iterable[str]) -> list[str]:
    """What the index stores for each text (paragraphs, then quotes' contents)."""
    return [index_text(t) for t in texts]


def index_article(
    session: Session,
    article_id: str,
    paragraphs: Sequence[tuple[int, str]],
    quotes: Sequence[tuple[str, int, str]],
    keys: Sequence[str],
) -> None:
    """Add an article's paragraphs ``(position, text)`` and quotes ``(id, paragraph,
    content)`` to the index, after its paragraph rows are stored (and ``drop_article``).
    ``keys``: their :func:`index_keys`, computed where the article was annotated."""
    if len(keys) != len(paragraphs) + len(quotes):
        raise ValueError(f"article {article_id!r}: {len(keys)} index keys for other texts")
    docs = [(k, n, None) for k, (n, _) in zip(keys, paragraphs, strict=False)] + [
        (k, n, qid) for k, (qid, n, _) in zip(keys[len(paragraphs) :], quotes, strict=True)
    ]
    if not docs:
        return
    if not uses_fts(session):
        _index_pg(session, article_id, docs)
        return
    first = _first_paragraph_id(session, article_id)
    if first is None or len(docs) >= 1 << _ARTICLE_SHIFT:
        raise ValueError(f"article {article_id!r}: index rows need its paragraph rows first")
    base = first << _ARTICLE_SHIFT
    rows = [
        {"r": base + i, "p": keys if qid is None else "", "q": "" if qid is None else keys,
         "article_id": article_id, "paragraph": n, "quote_id": qid}
        for i, (keys, n, qid) in enumerate(docs)
    ]  # fmt: skip
    session.execute(
        text(
            f"INSERT INTO {FTS_TABLE} "
            "(rowid, paragraph_keys, quote_keys, article_id, paragraph, quote_id) "
            "VALUES (:r, :p, :q, :article_id, :paragraph, :quote_id)"
        ),
        rows,
    )


def _index_pg(session: Session, article_id: str, docs: list[tuple[str, int, str | None]]) -> None:
    rows = [{"keys": keys, "a": article_id, "p": n, "q": qid} for keys, n, qid in docs]
    session.execute(
        text(
            f"INSERT INTO {PG_TABLE} (keys, article_id, paragraph, quote_id) "
            "VALUES (to_tsvector('simple', :keys), :a, :p, :q)"
        ),
        rows,
    )


def _table(session: Session) -> str:
    return FTS_TABLE if uses_fts(session) else PG_TABLE


def drop_article(session: Session, article_id: str) -> None:
    """Remove an article's rows from the index, before its paragraph rows are deleted."""
    if not uses_fts(session):
        session.execute(text(f"DELETE FROM {PG_TABLE} WHERE article_id = :a"), {"a": article_id})
        return
    first = _first_paragraph_id(session, article_id)
    if first is not None:
        session.execute(
            text(f"DELETE FROM {FTS_TABLE} WHERE rowid >= :lo AND rowid < :hi"),
            {"lo": first << _ARTICLE_SHIFT, "hi": (first + 1) << _ARTICLE_SHIFT},
        )
    session.execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE rowid < :legacy AND article_id = :a"),
        {"legacy": 1 << _ARTICLE_SHIFT, "a": article_id},
    )


def index_rows(session: Session, article_id: str | None = None) -> int:
    """How many index documents there are (of one article): for checks that the index and the
    tables agree, e.g. after a crash."""
    where = "" if article_id is None else " WHERE article_id = :a"
    sql = f"SELECT count(*) FROM {_table(session)}{where}"
    return int(session.execute(text(sql), {"a": article_id}).scalar_one())


@dataclass(frozen=True, slots=True)
class Term:
    keys: tuple[str, ...]  # one key, or a phrase
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.keys) + '"'
        return quoted + "*" if self.prefix else quoted

    def tsquery(self) -> str:
        """The same term for PostgreSQL's to_tsquery (keys are letters and digits only)."""
        words = [f"'{k}'" for k in self.keys]
        if self.prefix:
            return words[0] + ":*"
        return "(" + " <-> ".join(words) + ")"


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=lambda: [[]])  # OR of ANDs
    excluded: list[Term] = field(default_factory=list)

    def fts(self, doc_type: str | None = None) -> str:
        """The FTS5 expression; ``doc_type`` limits it to paragraphs' or quotes' column."""
        alternatives = [" AND ".join(t.fts() for t in g) for g in self.groups if g]
        expression = " OR ".join(f"({a})" for a in alternatives)
        if self.excluded:
            expression = f"({expression}) NOT ({' OR '.join(t.fts() for t in self.excluded)})"
        if doc_type is None:
            return expression
        return f"{{{doc_type}_keys}} : ({expression})"

    def tsquery(self) -> str:
        alternatives = [" & ".join(t.tsquery() for t in g) for g in self.groups if g]
        expression = " | ".join(f"({a})" for a in alternatives)
        if self.excluded:
            expression = f"({expression}) & !({' | '.join(t.tsquery() for t in self.excluded)})"
        return expression

    def highlighted(self) -> list[Term]:
        return [t for g in self.groups for t in g]


def parse(q: str) -> Query:
    """The query a user typed, as terms over search keys. Raises BadQuery when empty."""
    if len(q) > MAX_QUERY:
        raise BadQuery(f"the query is longer than {MAX_QUERY} characters")
    query = Query()
    run: list[str] = []  # plain words, keyed together so «می توان» and «کشور ها» join

    def flush() -> None:
        if run:
            query.groups[-1].extend(Term((k.key,)) for k in keys(" ".join(run)))
            run.clear()

    for m in _CHUNK.finditer(q):
        minus, phrase = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
        word = m.group(4)
        if phrase is None and word in ("OR", "|"):
            flush()
            query.groups.append([])
            continue
        if phrase is None and not minus and word.upper() in ("AND", "&&"):
            continue
        if phrase is not None:
            flush()
            found = tuple(k.key for k in keys(phrase))
            if found:
                (query.excluded if minus else query.groups[-1]).append(Term(found))
            continue
        if minus or word.endswith("*"):
            flush()
            found = tuple(k.key for k in keys(word))
            prefix = word.endswith("*") and len(found) == 1
            for key in found:
                (query.excluded if minus else query.groups[-1]).append(Term((key,), prefix))
            continue
        run.append(word)
    flush()
    query.groups = [g for g in query.groups if g]
    if not query.groups:
        if query.excluded:
            raise BadQuery("the query only excludes words; add a word to find")
        raise BadQuery("the query has no words to search for")
    return query


@lru_cache(maxsize=4096)
def _snippet_keys(original: str) -> list[Key]:
    """Keys of a text being shown; popular paragraphs come back query after query."""
    return keys(original)


@dataclass(frozen=True, slots=True)
class Snippet:
    html: str
    matches: list[tuple[int, int]]


def _matches(found: list[Key], terms: list[Term]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    words = [k.key for k in found]
    for term in terms:
        n = len(term.keys)
        for i in range(len(words) - n + 1):
            window = tuple(words[i : i + n])
            if window == term.keys or (term.prefix and window[0].startswith(term.keys[0])):
                spans.append((found[i].start, found[i + n - 1].end))
    return _merge(sorted(spans))


def snippet(original: str, query: Query) -> Snippet:
    """Matched words marked in the original spelling; everything else HTML-escaped."""
    matches = _matches(_snippet_keys(original), query.highlighted())
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
