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

# Bump when a rule changes what the annotator returns or how text is indexed for search:
# stored articles are then re-annotated and re-indexed at the next ingest.
# 3: control characters are spaces; 4: search keys (issue 18); 5: paragraphs served as written,
# spans into the source text (issue 14); 6: today's news (issue 15): labels «X:», cues and
# mentions on the line before the words, more cues and attributions; 7: speakers resolved in
# the article and linked across articles (issue 16); 8: longer labels with a setting, a role in
# parentheses and «گزارش X:»; no speech in a relative clause «آنچه X گفت» (issue 15).
# 9: speech nouns and owner nouns before names, roles of one country, non-names (issue 16).
# 10: a quote's place (its id) holds the cue's paragraph when it is an earlier line; more rules
# for today's news (issue 15).
# 11: a listed office is not a person who never held it; offices' holders by date (issue 16).
# 12: «گفته شود» no cue; list headings no labels; «براساس این گزارش» without a comma, the
# reporter's; «یک» ends a source before the subject; no subject inside a quoted question or
# before «که در آن X» or «…، اما X»; a flag «فوری/» or «فوری -» before a label; «گفت، «…».»;
# «X در پاسخ به …:» speaks; «X به نقل از Y:» X an outlet; an unclosed « left out (issue 15).
# 13: each quote's link evidence and each speaker's roles are recorded (issue 16).
# 14: one-word names link by words between spaces, never through a place, outlet or stop word;
# «سید» off a given name; outlets under several spellings one; roles of one country (issue 16).
# 15: a label's one or two words in « »; «X - role:» a label; the spoken present «میگه» a cue
# (with someone who speaks); spoken adverbs («الان»، «توی») end a speaker; a foreign capital for
# its country in a role; «پیام ویدیویی X:»، «متن کامل بیانیه X:»، «بخشی از سخنان X:»; «توییت
# کرد»; a verb before the colon no label; the subject after «نشان می‌دهد که» (issue 15).
# 16: epithets after a name, «حقیقت‌یاب X» and «نبود»/«هیچ» are not names; a provincial
# office named alone is its article's; outlets' aliases («قوه‌قضائیه» of «میزان», «صداوسیما»);
# «سرلشگر» an honorific; «طعنه», «استقبال» nouns of speech; given names «رافائل»,
# «عبدالناصر» (issue 16).
# 17: a speaker named, whole, by a country's, a city's or an outlet's own name is an
# organisation («رویترز», «ایران»), whatever kind the rules read; forces, headquarters and
# public-relations offices («نیروی», «قرارگاه», «روابط عمومی») are organisations, as are
# «حزب‌الله», «حماس», «طالبان», «انصارالله»; «فرانس‌پرس» is «خبرگزاری
# فرانسه», «فرانس ۲۴» an outlet (issue 16).
# 18: a label on a line of its own over a figure («بازی برگشت:» and a date) is a field; «و
# بین‌الملل(ی)» inside one name or role; «اندیشکده» an organisation; «حفاظت/حمایت از X» inside
# an organisation's name; an organisation's label of two parts («وزارت راه و شهرسازی:») (issue 15).
# 19: a listed organisation's own name («سنتکام», «کرملین») an organisation; «سی‌بی‌اس‌نیوز» is
# «سی‌بی‌اس», «آتلانتیک» and «میدل ایست آی» outlets; «نقل‌قول مهم X:» X's words; «کان نیوز»,
# «یدیعوت آحارونوت», «کلش ریپورت», «پرس تی‌وی» outlets; a country of two words («کره شمالی») a
# state; epithets «متوهم», «هار» and animals («خوک», «سگ») name no one (issue 16).
# 20: an outlet read as a name («نیویورک تایمز:») speaks, so a run of label lines with it is no
# list of topics; a label after a slash that joins short news on one line («… شد/ X: …») (issue 15).
# 21: a name in guillemets whole, with both marks and its words («برنامه «صبح بخیر»»), and
# «رویترز» in guillemets the same name; an outlet's name read as a person's is an organisation
# once its kind is written; «ترجمه ماشین:» under a headline «X: …» announces X's words;
# «صرفاً جهت اطلاع:» no label (issue 15).
# 22: a label broken over three lines by its setting as a hashtag («X در» / «#گفتگو» / «با Y:»);
# a known person saying a sentence in a run of label lines is no topic of a list (issue 15).
# 23: indirect words stop at a «؛» before the author's own contrast («؛ با این حال، …»);
# «هرچند», «اگرچه» connectives before a subject (issue 15).
# 24: a demonstrative speaker («این منبع»، «این مقام»، «این رسانه») by its head word: the latest
# to speak called by it and its other words, else the one the text introduced by it («یک منبع
# …»), an outlet only for an outlet's word (issue 15).
# 25: a demonstrative inside a person's own words («این دیپلمات») is someone they tell of, never
# themself; «مارکا», «اسکای اسپورت», «آاس», «اکیپ», «بیلد» outlets (issue 15).
# 26: «به ادعای/به گزارش Y» after a reaction noun («واکنش X به ادعای Y», «در پاسخ به گزارش Y») is
# what is answered, no according-to; a role is not the one named person its first words tell
# of (issue 15).
# 27: a label after a «|» that follows a kicker («خبر فوری | X:») (issue 15).
# 28: a label opened by a noun of speech before a speaker («پاسخ X به Y:», «واکنش X به …:»),
# not an ordinal item nor an adjective before a name; «X خطاب به Y:» speaks (issue 15).
# 29: a label whose speaker is marked («شبکه «الجزیره»:», «روزنامه "X":») or holds a Latin
# acronym in parentheses is a label (issue 15).
# 30: a «؛» after a clause's own verb ends that sentence for the subject search (a pronoun or
# no subject after it is that sentence's subject); «بوده و» ends a clause; unnamed sources
# «در» an organisation; labels of messages received; «براساس»/«طبق» pieces are settings.
# 31: a name set off by commas after a role («نخست‌وزیر بریتانیا، کیر استارمر، گفت», «role،
# name:») is the speaker's; an envoy's post («سفیر X در Y»); «وابسته به» ends an outlet's name;
# hashtags before a «؛» are no subject; tone adjectives after a label's prefix; «صدا و سیما».
# 32: a role is the name set off by commas beside it anywhere in the post («X Y، شهردار …،»),
# known to the name lists or not; a pronoun refers to an earlier sentence's first subject.
# 33: the present of «شدن» compounds («یادآور می‌شود»); «فریاد زد»; a bare participle after
# «از»/«در»/«این» is a noun («از نوشته خود»); «هر» ends a subject; «خود» before a name.
# 34: a label after two blanks that ends a headline line («تیتر  X:») gives its words on the
# next line, and the headline's own quote ends before the blanks (the line as written).
# 35: the spoken past plurals «گفتن»، «میگفتن»، «نوشتن» after a subject who speaks; an
# infinitive after a preposition is no cue; «فردا»، «مدام»، «گاهی» end a subject; «چندین».
# 36: a label broken before its colon («X» on a line, «: …» on the next); the colloquial
# object marker «رو» ends a subject.
# 37: «<verb> اما/ولی» ends a clause; «باوجود»/«علی‌رغم» pieces are settings unless the cue
# ends them; «بنا به گفته X»; «به‌طور» ends a subject.
# 38: «به گفته» and a pronoun with no comma after it: the pronoun is the source.
# 39: a headline's role label and the name label right under it whose words it sums up are
# one speaker («عضو کنگره آمریکا: …» / «راجا کریشنامورتی: …»).
# 40: labels alone on every other line over their items («Todoist:» / … / «Trello:») and
# labels that count under one head word («گروه A:»، «گروه B:») are lists, not speakers.
# 41: «حال» (now) opening a clause is a connective.
# 42: «نه به …» right after a weak verb («به X گزارش می‌دهند نه به Y») is no content.
# 43: a role label in a list of short news is not an earlier label's person; «به گزارش» and
# an outlet with no comma; a label prefix glued to its adjective («افشاگری‌عجیب X:»).
# 44: «به گزارش» and an outlet, then a clause of its report before the comma: the outlet.
# 45: «یکی از X» named whole; «داده/نداده/حاکیست» end a clause; an address under a label is
# no one's words.
# 46: a pronoun after a sentence whose last clause has no subject of its own (an object
# «آن را …», a compound verb's noun «پیش‌بینی کرده») refers to the sentence's first subject.
# 47: «…؛ به گفته X، <role>.» attributes the words before it; «به» joined by a ZWNJ
# («به‌مناسبت»، «به‌ان بی سی») and glued prepositions («بااشاره») end a speaker phrase; an
# according-to phrase alone on its line («- طبق گفته X؛») gives the next line; a list's dash is
# no one's word; «طبق اعلام قبلی»، «بیانیه منتشرشده از سوی X»: the phrase's words are no source.
# 48: «بر اساس این گزارش که … منتشر شد، …»: a «که» clause about the document, ending in a
# verb before the comma, then the document's words.
# 49: unnamed outlets and where they are, one phrase («چند رسانه در داخل کشور»).
# 50: a long label may begin with an office holder's surname («عراقچی در نشست …:»); a date
# («۶ اسفند ۱۳۹۷»، «جمعه ۱۹ تیر») ends a speaker phrase.
# 51: «X، به نقل از Y، گزارش داد»: the phrase set off by commas right before the verb nests
# (two events); a plural demonstrative («این مقام‌ها») refers to those called by its plural,
# else by its singular («چند مقام …»).
# 52: «بنا بر/بنا به/طبق/بر اساس ادعای X»، «بنا بر/بر اساس گفته X» are according-to
# phrases; content does not open with a «؛».
# 53: «و» inside a role's office is part of the phrase («وزیر آموزش و پرورش»); a word with
# the present prefix «می‌» ends a speaker phrase; more light verbs («خبر می‌دهند»).
# 54: a name ending as outlets' do («اسکان نیوز»، «… پرس») is no person a later role names.
# 55: a label's length counts words, not the marks around a name in it.
# 56: a noun of speech's form words and a second noun after «و» are not the name after them
# («مصاحبه جدید X»، «توضیحات و عذرخواهی X»).
# 57: «در گزارش تازه‌ای آمده است» names no author; a label's trailing «ترجمه ماشین»; a role
# right after a verb opens a clause; an envoy «در» a body («نماینده ایران در سازمان ملل»).
# 58: «<verb> و» and a new subject with its cue a few words on: the content ends at «و».
# 59: a name and its role joined by ZWNJs («مهدی‌تاج‌رئیس‌فدراسیون‌فوتبال») are read apart.
# 60: an outlet named by its kind and where it is from («روزنامه آمریکایی») is the latest
# outlet that spoke in the post.
# 61: a light verb after a phrase: its last word is the verb's noun («X تأکید کرد»).
# 62: «این رسانه» after «X، رسانه …» is X; «شیخ» is an honorific; a Latin label of four or
# more words is no speaker.
# 63: «مقام X» (an official of X) is compatible with any role of X («عضو ارشد X»).
# 64: a pronoun's antecedent is no quantified phrase («بیشتر اهداف …»).
ANNOTATOR_VERSION = "64"
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
        found = paragraph_quotes(number, text, gaps[number - 1])
        bounds = trim(text, 0, len(text)) if openers and not found.labelled else None
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
