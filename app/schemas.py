"""The API's response shapes. Examples are real values from the seed article."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SpeakerKind = Literal["person", "organization", "anonymous"]
QuoteKind = Literal["direct", "indirect", "according_to"]


class SpanOut(BaseModel):
    """Words of a paragraph: ``text == paragraph.text[start:end]`` (code points)."""

    text: str = Field(examples=["گفت"])
    start: int = Field(ge=0, examples=[120])
    end: int = Field(ge=0, examples=[123])


class SpeakerRef(BaseModel):
    id: str = Field(examples=["sp_3c0f6a1e2b4d"])
    name: str = Field(examples=["بشار اسد"])


class QuoteOut(BaseModel):
    id: str = Field(examples=["000_d8346e28cf1fe79f:6:9"])
    paragraph: int = Field(examples=[6])
    kind: QuoteKind
    speaker: SpeakerRef
    mention: SpanOut | None = Field(
        description="The words in this paragraph that refer to the speaker; null when dropped."
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
    id: str = Field(examples=["sp_3c0f6a1e2b4d"])
    name: str = Field(examples=["بشار اسد"])
    kind: SpeakerKind
    aliases: list[str] = Field(examples=[["اسد", "رئیس\u200cجمهوری سوریه"]])
    quote_count: int = Field(examples=[6])


class SpeakerDetail(SpeakerOut):
    article_count: int = Field(examples=[1])
    articles: list[str] = Field(examples=[["000_d8346e28cf1fe79f"]])


class ParagraphOut(BaseModel):
    position: int = Field(ge=1, examples=[7])
    text: str = Field(examples=["به گزارش سازمان ملل متحد، در جنگ داخلی یازده ساله سوریه، …"])


class ParagraphDetail(ParagraphOut):
    article_id: str
    quotes: list[QuoteOut]


class ArticleSummary(BaseModel):
    id: str = Field(examples=["000_d8346e28cf1fe79f"])
    title: str = Field(examples=["بشار اسد، رئیس\u200cجمهوری سوریه که بطور غیرمنتظره …"])
    paragraph_count: int = Field(examples=[9])
    quote_count: int = Field(examples=[16])
    speaker_count: int = Field(examples=[4])


class ArticleOut(BaseModel):
    id: str
    title: str
    paragraphs: list[ParagraphOut]
    speakers: list[SpeakerOut]
    quotes: list[QuoteOut]


class SearchHit(BaseModel):
    type: Literal["paragraph", "quote"]
    article_id: str
    paragraph: int
    quote_id: str | None
    speaker: SpeakerRef | None
    score: float = Field(description="BM25 relevance: higher is better.")
    snippet: str = Field(
        description="HTML-escaped text with the matched words in <mark>…</mark>.",
        examples=["…نقش آمریکا درمنطقه <mark>تضعیف</mark> شود"],
    )
    matches: list[tuple[int, int]] = Field(
        description="[start, end) code-point offsets of the matches in the full text."
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
