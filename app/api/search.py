"""Full-text search over paragraphs and quotes, ranked, with highlighted snippets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import text
from sqlmodel import Session

from app import search
from app.api.deps import PageDep, SessionDep, encode_cursor
from app.api.errors import BadRequest, responses
from app.schemas import Page, SearchHit, SpeakerRef

router = APIRouter(prefix="/v1/search", tags=["search"])


@dataclass(frozen=True, slots=True)
class Hit:
    type: str
    article_id: str
    paragraph: int
    quote_id: str | None
    score: float
    original: str
    speaker: SpeakerRef | None


def _hit(row, score: float) -> Hit:  # type: ignore[no-untyped-def]
    """(type, article, paragraph, quote id, rank, text, speaker id, speaker name) → Hit."""
    speaker = SpeakerRef(id=row[6], name=row[7] or "") if row[6] else None
    return Hit(row[0], row[1], int(row[2]), row[3], score, row[5] or "", speaker)


def _scoped(
    filters: dict[str, str | None], params: dict[str, object], prefix: str = ""
) -> list[str]:
    """The article and speaker filters, the same on both backends (``prefix``: a table alias)."""
    where = []
    if filters["article"]:
        where.append(f"{prefix}article_id = :article")
        params["article"] = filters["article"]
    if filters["speaker"]:
        where.append(f"{prefix}quote_id IN (SELECT id FROM quote WHERE speaker_id = :speaker)")
        params["speaker"] = filters["speaker"]
    return where


def _with_text(page: str, order: str) -> str:
    """The ranked page (a CTE with r, article_id, paragraph, quote_id, score), joined to its
    original text and speaker; the join runs on the page's rows only, after ranking."""
    return (
        f"WITH page AS ({page}) "
        "SELECT CASE WHEN page.quote_id IS NULL THEN 'paragraph' ELSE 'quote' END, "
        "page.article_id, page.paragraph, page.quote_id, page.score, "
        "coalesce(q.content_text, p.text), q.speaker_id, s.name FROM page "
        "LEFT JOIN quote q ON q.id = page.quote_id "
        "LEFT JOIN paragraph p ON page.quote_id IS NULL "
        "AND p.article_id = page.article_id AND p.position = page.paragraph "
        "LEFT JOIN speaker s ON s.id = q.speaker_id "
        f"ORDER BY {order}"
    )


def _fts_hits(
    session: Session, query: search.Query, filters: dict[str, str | None], limit: int, offset: int
) -> list[Hit]:
    """SQLite: FTS5, ranked by its bm25 ``rank``; type= is a column filter in the query."""
    params: dict[str, object] = {"match": query.fts(filters["type"]), "lim": limit, "off": offset}
    where = [f"{search.FTS_TABLE} MATCH :match", *_scoped(filters, params)]
    page = (
        "SELECT rowid AS r, article_id, paragraph, quote_id, rank AS score "
        f"FROM {search.FTS_TABLE} WHERE {' AND '.join(where)} "
        "ORDER BY rank LIMIT :lim OFFSET :off"
    )
    rows = session.execute(text(_with_text(page, "page.score, page.r")), params).all()
    # FTS5's rank is bm25 negated (lower is better); the API's score is higher-is-better.
    return [_hit(r, -float(r[4])) for r in rows]


def _pg_hits(
    session: Session, query: search.Query, filters: dict[str, str | None], limit: int, offset: int
) -> list[Hit]:
    """PostgreSQL: the same keys in a tsvector (GIN index), ranked by ts_rank_cd."""
    params: dict[str, object] = {"tsq": query.tsquery(), "lim": limit, "off": offset}
    where = ["d.keys @@ to_tsquery('simple', :tsq)", *_scoped(filters, params, "d.")]
    if filters["type"] == "paragraph":
        where.append("d.quote_id IS NULL")
    elif filters["type"] == "quote":
        where.append("d.quote_id IS NOT NULL")
    page = (
        "SELECT d.id AS r, d.article_id, d.paragraph, d.quote_id, "
        "ts_rank_cd(d.keys, to_tsquery('simple', :tsq)) AS score "
        f"FROM {search.PG_TABLE} d WHERE {' AND '.join(where)} "
        "ORDER BY score DESC, d.id LIMIT :lim OFFSET :off"
    )
    rows = session.execute(text(_with_text(page, "page.score DESC, page.r")), params).all()
    return [_hit(r, float(r[4])) for r in rows]


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
    finder = _fts_hits if search.uses_fts(session) else _pg_hits
    hits = finder(session, query, filters, page.limit + 1, offset)
    items = _shape(hits[: page.limit], query)
    more = len(hits) > page.limit
    return Page(items=items, next_cursor=encode_cursor([offset + page.limit]) if more else None)


def _shape(hits: list[Hit], query: search.Query) -> list[SearchHit]:
    out = []
    for hit in hits:
        snip = search.snippet(hit.original, query)
        out.append(
            SearchHit(
                type=hit.type,  # type: ignore[arg-type]
                article_id=hit.article_id,
                paragraph=hit.paragraph,
                quote_id=hit.quote_id,
                speaker=hit.speaker,
                score=hit.score,
                snippet=snip.html,
                matches=snip.matches,
            )
        )
    return out
