"""Full-text search over paragraphs and quotes, ranked, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import and_, or_, select, text
from sqlmodel import Session

from app import search
from app.api.deps import PageDep, SessionDep, encode_cursor
from app.api.errors import BadRequest, responses
from app.api.queries import speaker_names
from app.models import Paragraph, Quote
from app.schemas import Page, SearchHit, SpeakerRef

router = APIRouter(prefix="/v1/search", tags=["search"])
Hit = tuple[str, str, int, str | None, float]  # type, article, paragraph, quote id, score


def _fts_hits(
    session: Session, query: search.Query, filters: dict[str, str | None], limit: int, offset: int
) -> list[Hit]:
    where = [f"{search.FTS_TABLE} MATCH :match"]
    params: dict[str, object] = {"match": query.fts(), "lim": limit, "off": offset}
    if filters["type"]:
        where.append("doc_type = :type")
        params["type"] = filters["type"]
    if filters["article"]:
        where.append("article_id = :article")
        params["article"] = filters["article"]
    if filters["speaker"]:
        where.append("quote_id IN (SELECT id FROM quote WHERE speaker_id = :speaker)")
        params["speaker"] = filters["speaker"]
    sql = (
        f"SELECT doc_type, article_id, paragraph, quote_id, bm25({search.FTS_TABLE}) AS rank "
        f"FROM {search.FTS_TABLE} WHERE {' AND '.join(where)} "
        "ORDER BY rank, rowid LIMIT :lim OFFSET :off"
    )
    rows = session.execute(text(sql), params).all()
    return [(r[0], r[1], int(r[2]), r[3], -float(r[4])) for r in rows]


def _like_hits(
    session: Session, query: search.Query, filters: dict[str, str | None], limit: int, offset: int
) -> list[Hit]:
    """Backends without FTS5 (until PostgreSQL gets its index): the first alternative's keys as
    case-insensitive substrings of the text; no ranking, no folding of the stored text."""
    terms = [" ".join(t.keys) for t in query.groups[0]]
    hits: list[Hit] = []
    if filters["type"] in (None, "paragraph") and not filters["speaker"]:
        stmt = select(Paragraph.article_id, Paragraph.position).where(
            and_(*[Paragraph.text.ilike(f"%{t}%") for t in terms])  # type: ignore[attr-defined]
        )
        if filters["article"]:
            stmt = stmt.where(Paragraph.article_id == filters["article"])
        hits += [("paragraph", a, p, None, 0.0) for a, p in session.execute(stmt)]
    if filters["type"] in (None, "quote"):
        qstmt = select(Quote.article_id, Quote.paragraph, Quote.id).where(
            or_(*[Quote.content_text.ilike(f"%{t}%") for t in terms])  # type: ignore[attr-defined]
        )
        if filters["article"]:
            qstmt = qstmt.where(Quote.article_id == filters["article"])
        if filters["speaker"]:
            qstmt = qstmt.where(Quote.speaker_id == filters["speaker"])
        hits += [("quote", a, p, q, 0.0) for a, p, q in session.execute(qstmt)]
    return hits[offset : offset + limit]


@router.get(
    "",
    summary="Search paragraphs and quotes",
    description=(
        "All words must match (folded: Arabic and Persian letters, digits and diacritics meet). "
        "Results are ranked by BM25; each has a snippet with the matches in `<mark>`."
    ),
    response_model=Page[SearchHit],
    responses=responses(400, 422),
)
def search_route(
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            description=(
                'Words (AND), "a phrase" or «a phrase», OR, -excluded, prefix*. '
                f"At most {search.MAX_QUERY} characters."
            ),
            examples=["سوریه", '"جبهه مقاومت" -آمریکا', "کشور*"],
        ),
    ],
    type: Literal["paragraph", "quote"] | None = None,
    speaker: Annotated[str | None, Query(max_length=40)] = None,
    article: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[SearchHit]:
    try:
        query = search.parse(q)
    except search.BadQuery as exc:
        raise BadRequest(str(exc)) from None
    after = page.after(int)
    offset = after[0] if after is not None else 0
    if offset < 0:
        raise BadRequest("cursor is not one this API gave out")
    filters = {"type": type, "speaker": speaker, "article": article}
    finder = _fts_hits if search.uses_fts(session) else _like_hits
    hits = finder(session, query, filters, page.limit + 1, offset)
    items = _shape(session, hits[: page.limit], query)
    more = len(hits) > page.limit
    return Page(items=items, next_cursor=encode_cursor([offset + page.limit]) if more else None)


def _shape(session: Session, hits: list[Hit], query: search.Query) -> list[SearchHit]:
    para_keys = {(a, p) for kind, a, p, _, _ in hits if kind == "paragraph"}
    quote_ids = {qid for kind, _, _, qid, _ in hits if kind == "quote" and qid}
    paragraphs: dict[tuple[str, int], str] = {}
    for a, p in para_keys:
        row = session.execute(
            select(Paragraph.text).where(Paragraph.article_id == a, Paragraph.position == p)
        ).scalar_one_or_none()
        if row is not None:
            paragraphs[(a, p)] = row
    quotes = {
        q.id: q
        for q in session.execute(select(Quote).where(Quote.id.in_(quote_ids))).scalars()  # type: ignore[attr-defined]
    }
    names = speaker_names(session, {q.speaker_id for q in quotes.values()})
    out = []
    for kind, a, p, qid, score in hits:
        if kind == "quote" and qid in quotes:
            quote = quotes[qid]
            original = quote.content_text
            speaker = SpeakerRef(id=quote.speaker_id, name=names.get(quote.speaker_id, ""))
        elif kind == "paragraph" and (a, p) in paragraphs:
            original, speaker = paragraphs[(a, p)], None
        else:
            continue
        snip = search.snippet(original, query)
        out.append(
            SearchHit(
                type=kind,  # type: ignore[arg-type]
                article_id=a,
                paragraph=p,
                quote_id=qid,
                speaker=speaker,
                score=score,
                snippet=snip.html,
                matches=snip.matches,
            )
        )
    return out
