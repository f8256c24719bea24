"""Annotations → rows, and rows → the article view that the API and the CLI both print.

One article is written in one transaction: its old rows go, its new rows come, and the
totals of every speaker it touches are recomputed, so a crash never leaves half an article.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session

from app import search
from app.models import Article, ArticleSpeaker, Paragraph, Quote, Speaker
from app.nlp import Annotation
from app.nlp.search_keys import index_text


def speaker_id(key: str) -> str:
    """Stable across restarts and articles: derived from the folded canonical name."""
    return "sp_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def quote_id(article_id: str, paragraph: int, cue_start: int) -> str:
    return f"{article_id}:{paragraph}:{cue_start}"


def _span(span: Any) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def article_view(article_id: str, annotation: Annotation) -> dict[str, Any]:
    """The JSON shape of ``GET /v1/articles/{id}``, straight from an annotation."""
    names = {s.key: s for s in annotation.speakers}
    return {
        "id": article_id,
        "title": annotation.title,
        "paragraphs": [
            {"position": i, "text": t} for i, t in enumerate(annotation.paragraphs, start=1)
        ],
        "speakers": [
            {
                "id": speaker_id(s.key),
                "name": s.name,
                "kind": s.kind,
                "aliases": s.aliases,
                "quote_count": s.quote_count,
            }
            for s in annotation.speakers
        ],
        "quotes": [
            {
                "id": quote_id(article_id, q.paragraph, q.cue.start),
                "paragraph": q.paragraph,
                "kind": q.kind,
                "speaker": {"id": speaker_id(q.speaker_key), "name": names[q.speaker_key].name},
                "mention": _span(q.mention),
                "cue": _span(q.cue),
                "content": _span(q.content),
                "addressee": _span(q.addressee),
                "via": q.via,
                "confidence": q.confidence,
            }
            for q in annotation.quotes
        ],
    }


def speaker_search_text(names: list[str]) -> str:
    """Search keys of a speaker's names, space-delimited so a query key can match a word start."""
    return " " + " | ".join(index_text(n) for n in names) + " "


def _delete_article_rows(session: Session, article_id: str) -> set[str]:
    """Remove an article's rows; return the speakers whose totals must be recomputed."""
    touched = set(
        session.execute(
            select(ArticleSpeaker.speaker_id).where(ArticleSpeaker.article_id == article_id)
        ).scalars()
    )
    search.drop_article(session, article_id)
    for table in (Quote, ArticleSpeaker, Paragraph):
        session.execute(delete(table).where(table.article_id == article_id))  # type: ignore[attr-defined]
    return touched


def _refresh_speakers(session: Session, ids: set[str]) -> None:
    """Recompute each speaker's totals and alias union; drop speakers no article quotes."""
    for sid in sorted(ids):
        speaker = session.get(Speaker, sid)
        if speaker is None:
            continue
        links = (
            session.execute(select(ArticleSpeaker).where(ArticleSpeaker.speaker_id == sid))
            .scalars()
            .all()
        )
        if not links:
            session.delete(speaker)
            continue
        aliases: list[str] = []
        for link in links:
            aliases += [a for a in json.loads(link.aliases) if a not in aliases]
        aliases = [a for a in aliases if a != speaker.name]
        speaker.aliases = json.dumps(aliases, ensure_ascii=False)
        speaker.search_text = speaker_search_text([speaker.name, *aliases])
        speaker.quote_count = sum(link.quote_count for link in links)
        speaker.article_count = len(links)
        session.add(speaker)


def store_article(
    session: Session,
    article_id: str,
    source_path: str,
    content_hash: str,
    annotation: Annotation,
    source: str = "seed",
) -> None:
    """Replace an article's rows with this annotation. The caller commits.

    ``source`` is "seed" (the ingester owns the article) or "api" (it never touches it)."""
    article = session.get(Article, article_id)
    # A new article has no rows to delete; skipping the delete matters because the search
    # index can only find an article's rows by scanning (its article_id is not indexed).
    touched = _delete_article_rows(session, article_id) if article is not None else set()
    view = article_view(article_id, annotation)
    article = article or Article(
        id=article_id, title="", source_path="", content_hash="", ingested_at=datetime.now(UTC)
    )
    article.title = view["title"]
    article.source = source
    article.source_path = source_path
    article.content_hash = content_hash
    article.paragraph_count = len(view["paragraphs"])
    article.quote_count = len(view["quotes"])
    article.speaker_count = len(view["speakers"])
    article.ingested_at = datetime.now(UTC)
    session.add(article)
    session.flush()
    paragraphs = [
        Paragraph(article_id=article_id, position=p["position"], text=p["text"])
        for p in view["paragraphs"]
    ]
    session.add_all(paragraphs)
    for position, sp in enumerate(view["speakers"], start=1):
        if session.get(Speaker, sp["id"]) is None:
            session.add(Speaker(id=sp["id"], name=sp["name"], kind=sp["kind"]))
            session.flush()
        session.add(
            ArticleSpeaker(
                article_id=article_id,
                speaker_id=sp["id"],
                position=position,
                aliases=json.dumps(sp["aliases"], ensure_ascii=False),
                quote_count=sp["quote_count"],
            )
        )
        touched.add(sp["id"])
    quotes = [_quote_row(article_id, q) for q in view["quotes"]]
    session.add_all(quotes)
    session.flush()
    _refresh_speakers(session, touched)
    search.index_article(session, article_id, paragraphs, quotes)


def _quote_row(article_id: str, q: dict[str, Any]) -> Quote:
    def part(name: str) -> dict[str, Any]:
        span = q[name]
        if span is None:
            return {f"{name}_text": None, f"{name}_start": None, f"{name}_end": None}
        return {f"{name}_{k}": span[k] for k in ("text", "start", "end")}

    return Quote(
        id=q["id"],
        article_id=article_id,
        paragraph=q["paragraph"],
        kind=q["kind"],
        speaker_id=q["speaker"]["id"],
        via=q["via"],
        confidence=q["confidence"],
        **part("mention"),
        **part("cue"),
        **part("content"),
        **part("addressee"),
    )


def delete_article(session: Session, article_id: str) -> bool:
    article = session.get(Article, article_id)
    if article is None:
        return False
    touched = _delete_article_rows(session, article_id)
    session.delete(article)
    session.flush()
    _refresh_speakers(session, touched)
    return True


def article_hashes(session: Session) -> dict[str, str]:
    rows = session.execute(select(Article.id, Article.content_hash))
    return {row[0]: row[1] for row in rows}


def article_sources(session: Session) -> dict[str, str]:
    """The file each seed article was read from; articles written through the API have none."""
    rows = session.execute(select(Article.id, Article.source_path).where(Article.source == "seed"))
    return {row[0]: row[1] for row in rows}


def article_ids(session: Session, source: str) -> set[str]:
    return set(session.execute(select(Article.id).where(Article.source == source)).scalars())


def count_rows(session: Session) -> dict[str, int]:
    return {
        name: session.execute(select(func.count()).select_from(model)).scalar_one()
        for name, model in (("articles", Article), ("speakers", Speaker), ("quotes", Quote))
    }
