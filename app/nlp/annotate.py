"""The one entry point of the annotator: article text in, speakers and quotes out."""

from __future__ import annotations

from app.nlp.normalize import normalize
from app.nlp.quotes import RawQuote, paragraph_quotes
from app.nlp.records import Annotation, Quote
from app.nlp.segment import sentences, split_paragraphs
from app.nlp.speakers import resolve

# Bump when a rule changes what the annotator returns or how text is indexed for search:
# stored articles are then re-annotated and re-indexed at the next ingest.
ANNOTATOR_VERSION = "4"  # 3: control characters are spaces; 4: search keys (issue 18)
_TITLE_MAX = 160


def title_of(paragraphs: list[str]) -> str:
    """The first sentence of the first paragraph, cut at a word near 160 characters."""
    if not paragraphs:
        return ""
    first = paragraphs[0]
    sentence = sentences(first)[0]
    title = first[sentence.start : sentence.end].strip()
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return title


def _confidence(q: RawQuote) -> float:
    """How sure the rules are: explicit speech and a named subject score highest."""
    score = {"direct": 0.9, "indirect": 0.8, "according_to": 0.75}[q.kind]
    ref = q.subject.ref if q.subject else "dropped"
    score -= {"name": 0.0, "organization": 0.0, "title": 0.05, "anonymous": 0.05}.get(ref, 0.1)
    return round(score, 2)


def annotate_paragraphs(paragraphs: list[str]) -> Annotation:
    """Annotate already-normalized paragraphs (offsets refer to them as given)."""
    raw: list[RawQuote] = []
    for number, text in enumerate(paragraphs, start=1):
        raw.extend(paragraph_quotes(number, text))
    speakers, pairs = resolve(raw, paragraphs)
    quotes = [
        Quote(
            paragraph=q.paragraph,
            kind=q.kind,
            speaker_key=key,
            mention=q.subject.span if q.subject else None,
            cue=q.cue,
            content=q.content,
            addressee=q.addressee,
            via=q.via,
            confidence=_confidence(q),
        )
        for q, key in pairs
    ]
    return Annotation(title_of(paragraphs), paragraphs, speakers, quotes)


def annotate(text: str) -> Annotation:
    """Annotate an article: paragraphs are its non-empty lines, normalized."""
    paragraphs = [p for p in (normalize(line) for line in split_paragraphs(text)) if p]
    return annotate_paragraphs(paragraphs)
