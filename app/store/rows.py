"""Annotations → rows, and rows → the JSON the API serves: one builder per shape.

An article's rows are built from its annotation alone (:func:`article_rows`), with no database,
so the ingester builds them in its annotator processes and the process that writes only
writes. The served JSON is built from rows by the functions below and nowhere else: from the
rows just built when an article is written (its JSON is stored beside them, ``article.body``
and ``quote.body``, because an article is read far more often than written), and from rows
read back when stored bodies are rendered again.

``BODY_VERSION`` names the shapes these builders make. It is stored with every article's body:
when it moves, startup renders the stored bodies again (``app/store/backfill.py``), so adding a
field to a response is an edit here and a bump of the version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from app.nlp import Annotation, Quote, Speaker
from app.nlp.evidence import CONFIDENCE, served
from app.nlp.name_index import link_words, outlet_word
from app.nlp.namesakes import QUALIFIER, with_namesakes
from app.nlp.offices import with_holders
from app.nlp.search_keys import index_text, normalized_index_text
from app.store.index_docs import IndexDoc, index_docs

# 2: articles' date, link, outlet, authors and category; 3: quotes' cue and mention paragraphs;
# 4: the evidence of each quote's link to its speaker (issue 16).
BODY_VERSION = 4
SPANS = ("mention", "cue", "content", "addressee")
Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a source says of an article besides its text; every field may be unknown. A
    ``title`` given replaces the one derived from the text."""

    title: str | None = None
    published_at: datetime | None = None  # aware, UTC
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    category: str | None = None


META_FIELDS = ("published_at", "url", "outlet", "authors", "category")


def iso(value: datetime | None) -> str | None:
    """A stored date as the API writes it (ISO 8601, UTC, "Z"); SQLite gives it back
    without its zone, which is UTC by construction."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as the API sends it."""
    return orjson.dumps(value)


def speaker_id(key: str, article_id: str | None = None) -> str:
    """Stable across restarts and articles: derived from the folded canonical name, and for a
    speaker that belongs to its article (a role alone, an anonymous source) from the article
    too, so that two articles' «سرمربی پرسپولیس» are not taken for one person."""
    scoped = key if article_id is None else f"{article_id}#{key}"
    return "sp_" + hashlib.sha1(scoped.encode()).hexdigest()[:12]


def quote_id(article_id: str, quote: Quote) -> str:
    """Unique in its article: the annotator's place of the event (:attr:`Quote.place`)."""
    return f"{article_id}:{quote.place}"


def speaker_search_text(names: Iterable[str], known: Mapping[str, str] | None = None) -> str:
    """Search keys of a speaker's names, space-delimited so a query key can match a word start;
    ``known``: names whose keys were read already (:func:`index_text`)."""
    known = known or {}
    return " " + " | ".join(known[n] if n in known else index_text(n) for n in names) + " "


def stored_keys(names: Sequence[str], search_text: str | None) -> dict[str, str]:
    """The search keys of a speaker's ``names`` (its name, then its aliases) read back from the
    ``search_text`` made of them: the writer rebuilds a speaker's search text from keys it has,
    and normalizes (hazm, in the annotator's processes) only a name it has never seen."""
    if not search_text:
        return {}
    parts = search_text.removeprefix(" ").removesuffix(" ").split(" | ")
    return dict(zip(names, parts, strict=True)) if len(parts) == len(names) else {}


def grown_search_text(search_text: str, added: Iterable[str], known: Mapping[str, str]) -> str:
    """:func:`speaker_search_text` of a speaker's names with ``added`` appended, from the
    ``search_text`` of its names before (``known``: the added names' keys)."""
    return search_text.removesuffix(" ") + "".join(f" | {known[a]}" for a in added) + " "


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """What an article's transaction writes that the database does not decide."""

    article_id: str
    title: str
    paragraphs: list[str]  # texts, positions from 1
    # id, name, kind, aliases (list), quote_count, name_keys (name -> index_text), and the
    # words it links by: first_word, last_word, name_key (app/store/links.py)
    speakers: list[dict[str, Any]]
    quotes: list[dict[str, Any]]  # quote rows without their body, in served order
    index: list[IndexDoc]  # the paragraphs as the search index holds them
    meta: Metadata = field(default_factory=Metadata)


def article_rows(
    article_id: str, annotation: Annotation, meta: Metadata | None = None
) -> ArticleRows:
    """An article's rows; a title in ``meta`` replaces the annotation's."""
    meta = meta or Metadata()
    # «رهبر انقلاب» on its date; a Friday imam named as a president is another person
    annotation = with_namesakes(with_holders(annotation, meta.published_at), meta.published_at)
    ids = {s.key: speaker_id(s.key, article_id if s.local else None) for s in annotation.speakers}
    speakers = [
        {
            "id": ids[s.key],
            "name": s.name,
            "kind": s.kind,
            "aliases": s.aliases,
            "quote_count": s.quote_count,
            "roles": s.roles,
            # each name's search keys, read here in the annotator's process, not by the writer
            "name_keys": {n: normalized_index_text(n) for n in (s.name, *s.aliases)},
            **_link_words(s),
        }
        for s in annotation.speakers
    ]
    quotes = []
    for q in sorted(annotation.quotes, key=lambda q: (q.paragraph, q.cue.start)):
        row: dict[str, Any] = {
            "id": quote_id(article_id, q),
            "article_id": article_id,
            "paragraph": q.paragraph,
            "cue_paragraph": q.cue_paragraph,
            "mention_paragraph": q.mention_paragraph,
            "kind": q.kind,
            "speaker_id": ids[q.speaker_key],
            "via": q.via,
            "confidence": q.confidence,
            "link_by": q.link_by,
            "link_across": False,
            "link_editor": False,
            "published_at": meta.published_at,
            "outlet": meta.outlet,
        }
        for name in SPANS:
            span = getattr(q, name)
            row[f"{name}_text"] = None if span is None else span.text
            row[f"{name}_start"] = None if span is None else span.start
            row[f"{name}_end"] = None if span is None else span.end
        quotes.append(row)
    index = index_docs(annotation.paragraphs, quotes, annotation.maps)
    title = meta.title or annotation.title
    return ArticleRows(
        article_id, title, list(annotation.paragraphs), speakers, quotes, index, meta
    )


def _link_words(s: Speaker) -> dict[str, str | None]:
    """The words a speaker links by across articles (``app/store/links.py``): a person's full
    name offers its first and last, and a name of one word (a person's or an organisation's)
    looks for them (``name_key``)."""
    if s.local or s.kind not in ("person", "organization") or QUALIFIER in s.key:
        # a namesake (app/nlp/namesakes.py) is not who a one-word name stands for
        return {"first_word": None, "last_word": None, "name_key": None}
    first, last, alone = link_words(s.name)
    if s.kind == "organization":
        # «به نقل از عراقچی»: a bare name taken for an outlet may be a person's surname; it
        # may join a person's full name. An organisation is joined only by the word of an
        # outlet's name after its kind («رویترز» of «خبرگزاری رویترز»).
        return {"first_word": None, "last_word": outlet_word(s.name), "name_key": alone}
    return {"first_word": first, "last_word": last, "name_key": alone}


def meta_columns(meta: Metadata) -> dict[str, Any]:
    """The article table's columns of ``meta``."""
    return {
        "published_at": meta.published_at,
        "url": meta.url,
        "outlet": meta.outlet,
        "authors": json.dumps(list(meta.authors), ensure_ascii=False),
        "category": meta.category,
    }


def _meta_json(article: Row) -> dict[str, Any]:
    """The metadata members of an article's JSON, from its row (``meta_columns``)."""
    authors = article["authors"]
    return {
        "published_at": iso(article["published_at"]),
        "url": article["url"],
        "outlet": article["outlet"],
        "authors": json.loads(authors) if isinstance(authors, str) else list(authors),
        "category": article["category"],
    }


def speaker_row(s: Row) -> dict[str, Any]:
    """The speaker table's row as the first article to name the speaker creates it."""
    aliases = [a for a in s["aliases"] if a != s["name"]]
    return {
        "id": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "aliases": json.dumps(aliases, ensure_ascii=False),
        "search_text": speaker_search_text([s["name"], *aliases], s["name_keys"]),
        "quote_count": s["quote_count"],
        "article_count": 1,
        "first_word": s.get("first_word"),
        "last_word": s.get("last_word"),
    }


# ---- the served JSON, one builder per shape -------------------------------------------------


def _span(q: Row, name: str) -> dict[str, Any] | None:
    text, start, end = q[f"{name}_text"], q[f"{name}_start"], q[f"{name}_end"]
    if text is None or start is None or end is None:
        return None
    return {"text": text, "start": start, "end": end}


def speaker_link(q: Row) -> dict[str, Any] | None:
    """How sure a quote's link to its speaker is (app/nlp/evidence.py); None for a quote
    stored before its evidence was."""
    by = served(q["link_by"], bool(q["link_across"]), bool(q["link_editor"]))
    return None if by is None else {"by": by, "confidence": CONFIDENCE[by]}


def quote_json(q: Row, speaker_name: str, with_article: bool = False) -> dict[str, Any]:
    """A quote row in the shape of ``QuoteOut`` (``ArticleQuoteOut`` with its article)."""
    out = {
        "id": q["id"],
        "paragraph": q["paragraph"],
        "cue_paragraph": q["cue_paragraph"],
        "mention_paragraph": q["mention_paragraph"],
        "kind": q["kind"],
        "speaker": {"id": q["speaker_id"], "name": speaker_name, "link": speaker_link(q)},
        **{name: _span(q, name) for name in SPANS},
        "via": q["via"],
        "confidence": q["confidence"],
    }
    if with_article:
        out["article_id"] = q["article_id"]
    return out


def article_json(
    article: Row,
    paragraphs: Sequence[str],
    speakers: Sequence[Row],
    quotes: Sequence[Row],
    names: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    """The whole annotated article (``ArticleOut``): ``speakers`` as the article counts them
    (id, aliases, quote_count), named ``(name, kind)`` as the speaker table does."""
    return {
        "id": article["id"],
        "title": article["title"],
        "source": article["source"],
        **_meta_json(article),
        "paragraphs": [{"position": n, "text": t} for n, t in enumerate(paragraphs, start=1)],
        "speakers": [
            {
                "id": s["id"],
                "name": names[s["id"]][0],
                "kind": names[s["id"]][1],
                "aliases": s["aliases"],
                "quote_count": s["quote_count"],
            }
            for s in speakers
        ],
        "quotes": [quote_json(q, names[q["speaker_id"]][0]) for q in quotes],
    }


def summary_json(article: Row) -> dict[str, Any]:
    """``ArticleSummary``."""
    head = {k: article[k] for k in ("id", "title", "source")}
    counts = {k: article[k] for k in ("paragraph_count", "quote_count", "speaker_count")}
    return {**head, **_meta_json(article), **counts}


SUMMARY = (
    "id", "title", "source", *META_FIELDS, "paragraph_count", "quote_count", "speaker_count"
)  # fmt: skip


def paragraph_json(position: int, text: str) -> dict[str, Any]:
    """``ParagraphOut``."""
    return {"position": position, "text": text}


def paragraph_detail_json(
    article_id: str, position: int, text: str, quotes: list[dict[str, Any]]
) -> dict[str, Any]:
    """``ParagraphDetail``: ``quotes`` built by :func:`quote_json`."""
    return {**paragraph_json(position, text), "article_id": article_id, "quotes": quotes}


def page_json(items: Sequence[bytes], cursor: str | None) -> bytes:
    """``Page[...]`` of items already serialized, joined as they are."""
    return b'{"items":[' + b",".join(items) + b'],"next_cursor":' + dumps(cursor) + b"}"


def hit_json(passage: Row, snippet: str, matches: list[tuple[int, int]]) -> dict[str, Any]:
    """``SearchHit``: a paragraph of ``search_hits.passages`` with its highlighted snippet; its
    quotes are those a match stands in."""
    quotes = [
        {
            "id": q["id"],
            "kind": q["kind"],
            "speaker": {"id": q["speaker_id"], "name": q["name"] or "", "link": speaker_link(q)},
        }
        for q in passage["quotes"]
        if any(q["content_start"] <= s and e <= q["content_end"] for s, e in matches)
    ]
    return {
        "article_id": passage["article_id"],
        "paragraph": passage["paragraph"],
        "score": round(passage["score"], 6),
        "snippet": snippet,
        "matches": matches,
        "quotes": quotes,
        "article": {
            "title": passage["title"],
            "outlet": passage["outlet"],
            "published_at": iso(passage["published_at"]),
            "url": passage["url"],
        },
    }


def search_page_json(
    hits: Sequence[dict[str, Any]], cursor: str | None, facets: dict[str, Any] | None
) -> bytes:
    """``SearchPage``: hits built by :func:`hit_json`, and the facets when asked for."""
    body: dict[str, Any] = {"items": list(hits), "next_cursor": cursor}
    if facets is not None:
        body["facets"] = facets
    return dumps(body)
