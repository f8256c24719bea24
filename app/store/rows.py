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
from dataclasses import dataclass
from typing import Any

import orjson

from app.nlp import Annotation
from app.nlp.search_keys import index_text

BODY_VERSION = 1
SPANS = ("mention", "cue", "content", "addressee")
Row = Mapping[str, Any]


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as the API sends it."""
    return orjson.dumps(value)


def speaker_id(key: str) -> str:
    """Stable across restarts and articles: derived from the folded canonical name."""
    return "sp_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def quote_id(article_id: str, paragraph: int, cue_start: int) -> str:
    return f"{article_id}:{paragraph}:{cue_start}"


def speaker_search_text(names: Iterable[str]) -> str:
    """Search keys of a speaker's names, space-delimited so a query key can match a word start."""
    return " " + " | ".join(index_text(n) for n in names) + " "


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """What an article's transaction writes that the database does not decide."""

    article_id: str
    title: str
    paragraphs: list[str]  # texts, positions from 1
    speakers: list[dict[str, Any]]  # id, name, kind, aliases (list), quote_count
    quotes: list[dict[str, Any]]  # quote rows without their body, in served order
    index_keys: list[str]  # search keys of the paragraphs, then of the quotes' contents


def article_rows(article_id: str, annotation: Annotation) -> ArticleRows:
    speakers = [
        {
            "id": speaker_id(s.key),
            "name": s.name,
            "kind": s.kind,
            "aliases": s.aliases,
            "quote_count": s.quote_count,
        }
        for s in annotation.speakers
    ]
    ids = {s.key: speaker_id(s.key) for s in annotation.speakers}
    quotes = []
    for q in sorted(annotation.quotes, key=lambda q: (q.paragraph, q.cue.start)):
        row: dict[str, Any] = {
            "id": quote_id(article_id, q.paragraph, q.cue.start),
            "article_id": article_id,
            "paragraph": q.paragraph,
            "kind": q.kind,
            "speaker_id": ids[q.speaker_key],
            "via": q.via,
            "confidence": q.confidence,
        }
        for name in SPANS:
            span = getattr(q, name)
            row[f"{name}_text"] = None if span is None else span.text
            row[f"{name}_start"] = None if span is None else span.start
            row[f"{name}_end"] = None if span is None else span.end
        quotes.append(row)
    texts = [*annotation.paragraphs, *(q["content_text"] for q in quotes)]
    keys = [index_text(t) for t in texts]
    return ArticleRows(
        article_id, annotation.title, list(annotation.paragraphs), speakers, quotes, keys
    )


def speaker_row(s: Row) -> dict[str, Any]:
    """The speaker table's row as the first article to name the speaker creates it."""
    aliases = [a for a in s["aliases"] if a != s["name"]]
    return {
        "id": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "aliases": json.dumps(aliases, ensure_ascii=False),
        "search_text": speaker_search_text([s["name"], *aliases]),
        "quote_count": s["quote_count"],
        "article_count": 1,
    }


# ---- the served JSON, one builder per shape -------------------------------------------------


def _span(q: Row, name: str) -> dict[str, Any] | None:
    text, start, end = q[f"{name}_text"], q[f"{name}_start"], q[f"{name}_end"]
    if text is None or start is None or end is None:
        return None
    return {"text": text, "start": start, "end": end}


def quote_json(q: Row, speaker_name: str, with_article: bool = False) -> dict[str, Any]:
    """A quote row in the shape of ``QuoteOut`` (``ArticleQuoteOut`` with its article)."""
    out = {
        "id": q["id"],
        "paragraph": q["paragraph"],
        "kind": q["kind"],
        "speaker": {"id": q["speaker_id"], "name": speaker_name},
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
    return {k: article[k] for k in SUMMARY}


SUMMARY = ("id", "title", "source", "paragraph_count", "quote_count", "speaker_count")


def speaker_json(s: Row) -> dict[str, Any]:
    """``SpeakerOut`` from a speaker row."""
    return {
        "id": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "aliases": json.loads(s["aliases"]),
        "quote_count": s["quote_count"],
    }


def speaker_detail_json(s: Row, articles: list[str]) -> dict[str, Any]:
    """``SpeakerDetail``."""
    return {**speaker_json(s), "article_count": s["article_count"], "articles": articles}


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


def hit_json(hit: Any, snippet: str, matches: list[tuple[int, int]]) -> dict[str, Any]:
    """``SearchHit``: a ``search_index.Hit`` with its highlighted snippet."""
    speaker = (
        None if hit.speaker_id is None else {"id": hit.speaker_id, "name": hit.speaker_name or ""}
    )
    return {
        "type": hit.type,
        "article_id": hit.article_id,
        "paragraph": hit.paragraph,
        "quote_id": hit.quote_id,
        "speaker": speaker,
        "score": hit.score,
        "snippet": snippet,
        "matches": matches,
    }
