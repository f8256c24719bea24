"""The API's request and response shapes. Examples are real values from the seed article."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from app.dates import parse_date
from app.ids import WRITE_ID_PATTERN
from app.nlp import evidence


class SortOrder(StrEnum):
    """A list's order: its own (``id``), or by date, oldest or newest first."""

    id = "id"
    published_at = "published_at"
    newest_first = "-published_at"


SpeakerKind = Literal["person", "organization", "anonymous"]
QuoteKind = Literal["direct", "indirect", "according_to"]
ArticleSource = Annotated[
    Literal["seed", "api"],
    Field(
        description="`seed`: read from the seeds folder, which the ingester keeps in step with its "
        "files. `api`: written through the API; the ingester never replaces or removes it.",
        examples=["seed"],
    ),
]


def _date(value: object) -> object:
    """JSON gives a date as text (a number is no date: 0 is not 1970); code may give one."""
    if isinstance(value, str):
        if len(value) > 100:
            raise ValueError("a date of more than 100 characters")
        return parse_date(value)
    if value is None or isinstance(value, datetime):
        return value
    raise ValueError("a date is text, such as 2026-05-23 or 1405/03/02")


# A date as a source writes it (app/dates.py): read by the API's own parser, so the schema
# says "a string" rather than "an RFC 3339 date-time" (a Jalali date is not one).
PublishedAt = Annotated[
    datetime | None,
    BeforeValidator(_date),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "maxLength": 100}, {"type": "null"}],
            "description": "When it was published: ISO 8601 (`2026-05-23T10:00:00+03:30`; "
            "UTC without an offset) or Jalali (`1405/03/02 14:30`, `۲ خرداد ۱۴۰۵`, "
            "`02 Khordad 1405`; Tehran time without an offset). Stored in UTC.",
            "examples": ["1405/03/02 14:30"],
        }
    ),
]


class SpanOut(BaseModel):
    """Words of a paragraph: ``text == paragraph.text[start:end]`` (code points)."""

    text: str = Field(examples=["گفت"])
    start: int = Field(ge=0, examples=[120])
    end: int = Field(ge=0, examples=[123])


class SpeakerRef(BaseModel):
    id: str = Field(examples=["sp_2412c587a234"])
    name: str = Field(examples=["بشار اسد"])


LinkBy = Literal[evidence.KINDS]  # type: ignore[valid-type]


class LinkOut(BaseModel):
    """How the quote's mention reached this speaker id, and how sure that link is."""

    by: LinkBy = Field(
        description="The link's evidence: "
        + "; ".join(f"`{k}`: {evidence.MEANING[k]}" for k in evidence.KINDS)
        + ".",
        examples=["partial_name"],
    )
    confidence: float = Field(
        ge=0,
        le=1,
        description="Fixed by the evidence, never tuned per quote: "
        + ", ".join(f"`{k}` {v}" for k, v in evidence.CONFIDENCE.items())
        + ". The quote's own `confidence` is how sure the quote is; this, its speaker.",
        examples=[evidence.CONFIDENCE[evidence.PARTIAL_NAME]],
    )


class QuoteSpeakerRef(SpeakerRef):
    link: LinkOut | None = Field(
        description="The link's evidence; null for a quote stored before it was recorded "
        "(an article written through the API before revision 0011, until it is written again)."
    )


class QuoteOut(BaseModel):
    id: str = Field(examples=["000_d8346e28cf1fe79f:6:9"])
    paragraph: int = Field(
        description="The paragraph of the content: the event stands where the words are.",
        examples=[6],
    )
    cue_paragraph: int = Field(
        description="The paragraph of the cue: this one, or an earlier line for a label «X:» "
        "or a cue ending a line with a colon.",
        examples=[6],
    )
    mention_paragraph: int | None = Field(
        description="The paragraph of the mention; null when there is no mention.", examples=[6]
    )
    kind: QuoteKind
    speaker: QuoteSpeakerRef
    mention: SpanOut | None = Field(
        description="The words that refer to the speaker, in paragraph mention_paragraph; null "
        "when dropped."
    )
    cue: SpanOut
    content: SpanOut
    addressee: SpanOut | None
    via: str | None = Field(
        description="The reporting channel, as in «به گزارش X، Y گفت».",
        examples=["پایگاه اطلاع‌رسانی رهبر معظم ایران"],
    )
    confidence: float = Field(ge=0, le=1, examples=[0.8])


class ArticleQuoteOut(QuoteOut):
    article_id: str = Field(examples=["000_d8346e28cf1fe79f"])


class SpeakerOut(BaseModel):
    id: str = Field(examples=["sp_2412c587a234"])
    name: str = Field(examples=["بشار اسد"])
    kind: SpeakerKind
    aliases: list[str] = Field(examples=[["اسد", "رئیس\u200cجمهوری سوریه"]])
    quote_count: int = Field(examples=[6])


class SpeakerRole(BaseModel):
    role: str = Field(
        description="A role or title phrase an article gives the speaker, as first written; "
        "spellings that differ only by ZWNJ, space or Arabic letters are one.",
        examples=["رئیس\u200cجمهوری سوریه"],
    )
    articles: list[str] = Field(
        description="The articles that give it, in id order.", examples=[["000_d8346e28cf1fe79f"]]
    )


class SpeakerDetail(SpeakerOut):
    article_count: int = Field(examples=[1])
    articles: list[str] = Field(examples=[["000_d8346e28cf1fe79f"]])
    roles: list[SpeakerRole] = Field(
        description="The role and title phrases that referred to the speaker (by apposition, "
        "as a mention, or an office resolved by date), with the articles that show them, in "
        "the order of the first article."
    )


class TimelinePeriod(BaseModel):
    period: str = Field(examples=["2026-05"], description="`2026-05`, `2026-W21` or `2026-05-23`.")
    start: str = Field(examples=["2026-05-01"], description="The period's first day (UTC).")
    quotes: int = Field(ge=1, examples=[12])


class SpeakerTimeline(BaseModel):
    speaker_id: str = Field(examples=["sp_3c0f6a1e2b4d"])
    interval: Literal["month", "week", "day"]
    periods: list[TimelinePeriod]
    undated_quotes: int = Field(ge=0, description="Quotes of articles without a date.")


class ParagraphOut(BaseModel):
    position: int = Field(ge=1, examples=[7])
    text: str = Field(examples=["به گزارش سازمان ملل متحد، در جنگ داخلی یازده ساله سوریه، …"])


class ParagraphDetail(ParagraphOut):
    article_id: str
    quotes: list[QuoteOut]


# What the article's source said of it; null (or empty) where it said nothing. Declared field
# by field in each model, so a model's fields stand in the order its JSON has them.
PublishedOut = Annotated[
    datetime | None,
    Field(
        description="When it was published, in UTC (ISO 8601).", examples=["2026-05-22T20:30:00Z"]
    ),
]
UrlOut = Annotated[str | None, Field(examples=["https://t.me/VahidOnline/75274"])]
OutletOut = Annotated[str | None, Field(examples=["VahidOnline"])]
AuthorsOut = Annotated[list[str], Field(examples=[["مریم رضایی"]])]
CategoryOut = Annotated[str | None, Field(examples=["سیاسی"])]


class ArticleSummary(BaseModel):
    id: str = Field(examples=["000_d8346e28cf1fe79f"])
    title: str = Field(examples=["بشار اسد، رئیس\u200cجمهوری سوریه که بطور غیرمنتظره …"])
    source: ArticleSource
    published_at: PublishedOut
    url: UrlOut
    outlet: OutletOut
    authors: AuthorsOut
    category: CategoryOut
    paragraph_count: int = Field(examples=[9])
    quote_count: int = Field(examples=[16])
    speaker_count: int = Field(examples=[4])


class ArticleOut(BaseModel):
    id: str
    title: str
    source: ArticleSource
    published_at: PublishedOut
    url: UrlOut
    outlet: OutletOut
    authors: AuthorsOut
    category: CategoryOut
    paragraphs: list[ParagraphOut]
    speakers: list[SpeakerOut]
    quotes: list[QuoteOut]


class ArticleIn(BaseModel):
    """An article to write: its text is annotated exactly as a seed file's is."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        default=None,
        pattern=WRITE_ID_PATTERN,
        description="1–200 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit. Without "
        "it, POST derives `api_` + 16 hex digits of the SHA-256 of the normalized paragraphs, "
        "so the same text posted twice gets the same id (and a 409 the second time). On PUT "
        "it may be left out; given, it must equal the id in the path.",
        examples=["budget-2026-press"],
    )
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="Replaces the title derived from the text (its first sentence). "
        "Served as given, but whitespace runs become one space.",
        examples=["سخنگوی دولت از بودجه گفت"],
    )
    text: str = Field(
        min_length=1,
        description="The article: one paragraph per non-empty line, as in a seed file.",
        examples=["سخنگوی دولت گفت: «بودجه فردا به مجلس می\u200cرود.»\nاین خبر را ایرنا داد."],
    )
    published_at: PublishedAt = None
    url: str | None = Field(default=None, max_length=2000, examples=["https://example.ir/n/1"])
    outlet: str | None = Field(default=None, min_length=1, max_length=200, examples=["ایرنا"])
    authors: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=50, examples=[["مریم رضایی"]]
    )
    category: str | None = Field(default=None, min_length=1, max_length=200, examples=["سیاسی"])


class HitArticle(BaseModel):
    title: str = Field(examples=["بشار اسد، رئیس\u200cجمهوری سوریه که …"])
    outlet: OutletOut
    published_at: PublishedOut
    url: UrlOut


class HitQuote(BaseModel):
    id: str = Field(examples=["000_d8346e28cf1fe79f:6:9"])
    kind: QuoteKind
    speaker: QuoteSpeakerRef


class SearchHit(BaseModel):
    """One paragraph that matches, with the quotes a match stands in."""

    article_id: str
    paragraph: int
    score: float = Field(
        gt=0,
        le=1,
        description="BM25 over this collection, divided by the best score the query could "
        "get: 1 is a paragraph as good as the query allows, the same scale on both backends "
        "and for every query.",
        examples=[0.42],
    )
    snippet: str = Field(
        description="HTML-escaped text with the matched words in <mark>…</mark>.",
        examples=["…نقش آمریکا درمنطقه <mark>تضعیف</mark> شود"],
    )
    matches: list[tuple[int, int]] = Field(
        description="[start, end) code-point offsets of the matches in the paragraph's text."
    )
    quotes: list[HitQuote] = Field(description="The paragraph's quotes a match stands in.")
    article: HitArticle


class FacetValue(BaseModel):
    value: str | int
    count: int


class SpeakerFacet(BaseModel):
    id: str
    name: str
    count: int


class SearchFacets(BaseModel):
    total: int = Field(description="Every paragraph that matches.")
    speaker: list[SpeakerFacet] | None = None
    outlet: list[FacetValue] | None = None
    year: list[FacetValue] | None = None


class SearchPage(BaseModel):
    items: list[SearchHit]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )
    facets: SearchFacets | None = Field(
        default=None, description="With `facets=`: counts over every match, not only this page."
    )


class Page[T](BaseModel):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(default="about:blank")
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no article with id 'nope'"])
    instance: str | None = Field(default=None, examples=["/v1/articles/nope"])


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready", "starting"]
    database: bool
    ingest_finished: bool
    articles: int
    speakers: int
    quotes: int
