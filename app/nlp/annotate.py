"""The one entry point of the annotator: article text in, speakers and quotes out."""

from __future__ import annotations

import re
from dataclasses import replace

from app.nlp import evidence
from app.nlp.article_speakers import resolve
from app.nlp.drafts import trim
from app.nlp.fold import name_key
from app.nlp.labels import known_speaker, link_line, value_line
from app.nlp.name_index import is_outlet
from app.nlp.phrases import Phrase
from app.nlp.quotes import paragraph_quotes
from app.nlp.raw import RawQuote
from app.nlp.records import Annotation, Quote, Span
from app.nlp.segment import sentences, split_paragraphs
from app.nlp.source_map import SourceMap, source_map
from app.nlp.split_label import colon_lines, split_labels
from app.nlp.text_labels import reports, text_opener

_TITLE_MAX = 160
_LIST_LINES = 3


def title_of(paragraphs: list[str], maps: list[SourceMap] | None = None) -> str:
    """The first sentence of the first paragraph, cut at a word near 160 characters; with
    ``maps``, the sentence found in the normalized text and cut from the text as written."""
    if not paragraphs:
        return ""
    first = paragraphs[0]
    sentence = sentences(first)[0]
    start, end = sentence.start, sentence.end
    if maps:
        first = maps[0].source
        start, end = maps[0].span(start, end)
    title = first[start:end].strip()
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return title


def _confidence(q: RawQuote) -> float:
    """How sure the rules are: explicit speech and a named subject score highest."""
    score = {"direct": 0.9, "indirect": 0.8, "according_to": 0.75}[q.kind]
    ref = q.subject.ref if q.subject else "dropped"
    score -= {"name": 0.0, "organization": 0.0, "title": 0.05, "anonymous": 0.05}.get(ref, 0.1)
    return round(score, 2)


def _mapped(span: Span | None, m: SourceMap | None) -> Span | None:
    """A span of the normalized paragraph as the span of the text as written."""
    if span is None or m is None:
        return span
    start, end = m.span(span.start, span.end)
    return Span(m.source[start:end], start, end)


_BLANK_RUN = re.compile(r"\s[\s\u200c\u200e\u200f]*\s")


def _gaps(m: SourceMap) -> list[int]:
    """Where the line as written had two blanks or more, as offsets of its normalized text
    (a ZWNJ the normalizer dropped before a blank is no blank), in a line that ends with a
    colon: ``quotes.paragraph_quotes`` reads them only there."""
    if not m.text.endswith(":") or _BLANK_RUN.search(m.source) is None:
        return []  # only a line that ends with a colon may end with a label after a run
    last = len(m.text) - 1
    return [
        i
        for i, ch in enumerate(m.text)
        if ch == " " and i < last and sum(c.isspace() for c in m.source[m.lo[i] : m.lo[i + 1]]) > 1
    ]


def _raw_quotes(paragraphs: list[str], gaps: list[list[int]]) -> list[RawQuote]:
    """Each paragraph's events, and those whose cue ends a line with a colon (a label «X:»,
    «X گفت:») in the first line after it that holds words: a hashtag line between them is
    skipped, and a line that opens with a label of its own takes none. One event per cue and
    paragraph (the cue's own paragraph, which an opener's is not)."""
    raw: list[RawQuote] = []
    openers: list[RawQuote] = []
    seen: set[tuple[int, int, int]] = set()
    labels: dict[int, tuple[str, str]] = {}  # lines that open with a label and its words
    alone: dict[int, tuple[str, str]] = {}  # lines that are a label alone
    speaking: set[int] = set()  # of those, labels that name a role, an outlet or a source
    headline: RawQuote | None = None  # the first line's label «X: …»
    announced: RawQuote | None = None  # the event of a line that announces a post's text
    split = split_labels(paragraphs)  # «X در» / «#گفتگو» / «با Y:»: one label over three lines
    broken = colon_lines(paragraphs)  # «X» / «: …»: a label broken before its colon
    for number, text in enumerate(paragraphs, start=1):
        if openers and text.startswith("#"):
            continue
        # «X گفته:» ends where a later sentence opens speech of its own; a label «X:» over a
        # post holds the whole line, with the speech it reports nested inside
        said = any(o.cue.text != ":" for o in openers)
        found = paragraph_quotes(number, text, gaps[number - 1], opened=said)
        end = len(text) if found.opener_end is None else found.opener_end
        bounds = trim(text, 0, end) if openers and not found.labelled else None
        if bounds is not None and not found.openers:
            content = Span(text[bounds[0] : bounds[1]], *bounds)
            if value_line(text):  # «بازی برگشت:» and a date: a label's field, not speech
                openers = [o for o in openers if o.cue.text != ":" or known_speaker(o.subject)]
            if link_line(text):
                openers = []  # «Instagram:» and its address
            for o in openers:
                if o is announced and headline and reports(text, headline, bool(found.quotes)):
                    continue  # a news story about the headline's author, not a post of theirs
                raw.append(replace(o, paragraph=number, cue_paragraph=o.paragraph, content=content))
        openers = found.openers
        if number in split and not found.quotes and not openers:
            openers = [split[number]]
        if number in broken and not found.quotes:
            raw.append(broken[number])  # «X» then «: …»: the label's colon opens this line
        if number > 1 and not found.quotes and not openers:
            # «ترامپ: …» then «ترجمه ماشین:» over the post's text: the text is Trump's too
            announced = text_opener(number, text, headline)
            openers = [announced] if announced else openers
        if number == 1 and found.labelled and found.quotes:
            headline = found.quotes[0]
        raw.extend(found.quotes)
        event = (found.quotes or found.openers or [None])[0]
        if found.labelled and event is not None and event.cue.text == ":":
            subject = event.subject
            words = event.content.text or _next_words(paragraphs, number)
            (labels if found.quotes else alone)[number] = _label_keys(subject)
            if subject is not None and (
                subject.ref in ("title", "organization", "anonymous")
                or is_outlet(subject.span.text)
                or _known_name(subject, words)
            ):  # an outlet read as a name («نیویورک تایمز:») speaks too, as does a known
                # person saying a sentence («عراقچی: …»)
                speaking.add(number)
    # «سخنگوی X: …» then «معادلهٔ اول: …»، «معادلهٔ دوم: …»: the topics are the words of the
    # one who speaks first, whose own line stays a quote; and labels alone on every other line
    # over their items («Todoist:» / its line / «Trello:» / …).
    topics = _topic_lines(labels, speaking)
    headings = _topic_lines(alone, speaking, step=2)
    out = []
    for q in raw:
        if q.paragraph in topics and q.cue.text == ":" and not q.cue_paragraph:
            continue
        if q.cue_paragraph in headings and q.cue.text == ":":
            continue
        where = (q.paragraph, q.cue_paragraph or q.paragraph, q.cue.start)
        if where not in seen:
            seen.add(where)
            out.append(q)
    return out


def _label_keys(subject: Phrase | None) -> tuple[str, str]:
    """A label's last and first word, folded: of the name when it has one («اسکات بسنت وزیر
    خزانه‌داری آمریکا:» is «بسنت»)."""
    said = (subject.name or subject.span.text).split(" ") if subject else [""]
    return name_key(said[-1]), name_key(said[0])


def _next_words(paragraphs: list[str], number: int) -> str:
    """The line after line ``number`` (from 1), or ""."""
    return paragraphs[number] if number < len(paragraphs) else ""


def _known_name(subject: Phrase, words: str) -> bool:
    """A person with a known given name or office («حسین شریعتمداری», «روبیو») whose words
    are a sentence (five words or more): no topic of a list; a list of people and their
    roles («X: دانشیار دانشگاه …») gives fewer."""
    return subject.ref == "name" and known_speaker(subject) and len(words.split()) >= 5


def _topic_lines(labels: dict[int, tuple[str, str]], speaking: set[int], step: int = 1) -> set[int]:
    """Runs of three or more lines, each ``step`` after the last, that each open with a
    different label are a list of topics («مقصد: …»، «فشارها: …»، «طرح جایگزین: …»), not
    speakers: an interview alternates two labels, and a post quoting several people gives
    them more than a line. A label that speaks (``speaking``) stays a quote, unless the run
    only counts under one head word («گروه A:»، «گروه B:»، «گروه C:»). ``labels``: by line,
    the label's last and first word (by the last, «بیل ماهر:» and «ماهر:» are one speaker)."""
    out: set[int] = set()
    run: list[int] = []
    for n in [*sorted(labels), 0]:
        if run and n == run[-1] + step:
            run.append(n)
            continue
        if len(run) >= _LIST_LINES and len({labels[k][0] for k in run}) >= _LIST_LINES:
            counted = len({labels[k][1] for k in run}) == 1
            out.update(k for k in run if counted or k not in speaking)
        run = [n]
    return out


def annotate_paragraphs(paragraphs: list[str], maps: list[SourceMap] | None = None) -> Annotation:
    """Annotate normalized paragraphs. Without ``maps``, offsets refer to them as given; with
    their source maps, the annotation's paragraphs are the texts as written and every span
    indexes them (the rules still match on the normalized text)."""
    gaps = [_gaps(m) for m in maps] if maps else [[] for _ in paragraphs]
    speakers, pairs = resolve(_raw_quotes(paragraphs, gaps), paragraphs)
    by_key = {s.key: s for s in speakers}
    quotes: list[Quote] = []
    places: set[str] = set()
    for q, key in pairs:
        m = maps[q.paragraph - 1] if maps else None
        cue_paragraph = q.cue_paragraph or q.paragraph
        cm = maps[cue_paragraph - 1] if maps else None
        mention_paragraph = q.mention_paragraph or cue_paragraph
        mm = maps[mention_paragraph - 1] if maps else None
        cue = _mapped(q.cue, cm)
        content = _mapped(q.content, m)
        assert cue is not None and content is not None
        quote = Quote(
            paragraph=q.paragraph,
            kind=q.kind,
            speaker_key=key,
            mention=_mapped(q.subject.span if q.subject else None, mm),
            cue=cue,
            content=content,
            addressee=_mapped(q.addressee, m),
            via=q.via,
            confidence=_confidence(q),
            cue_paragraph=cue_paragraph,
            mention_paragraph=mention_paragraph if q.subject else None,
            link_by=evidence.in_article(q.subject, by_key[key]),
        )
        # A quote's id is its place: two events of one cue and paragraph are one event (the
        # rules keep one per normalized place already; this holds it for the served offsets).
        if quote.place in places:
            by_key[key].quote_count -= 1
            continue
        places.add(quote.place)
        quotes.append(quote)
    served = [m.source for m in maps] if maps else paragraphs
    title = title_of(paragraphs, maps)
    return Annotation(
        title, served, speakers, quotes, normalized=list(paragraphs), maps=list(maps or [])
    )


def annotate(text: str) -> Annotation:
    """Annotate an article: its paragraphs are its lines with anything visible, served as
    written (:func:`app.nlp.source_map.served`); the rules read them normalized."""
    maps = [m for m in (source_map(line) for line in split_paragraphs(text)) if m.text]
    return annotate_paragraphs([m.text for m in maps], maps)
