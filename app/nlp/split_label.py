"""Labels broken over lines: «X در #گفتگو با Y:» over three, «X» then «: …» over two, and a
label at the end of a headline's line after a run of blanks («تیتر  X:»), its words below.

A channel may write its interviews' label as three lines: the speaker and role ending in «در»,
the setting word as a hashtag line («#گفتگو»), then «با Y:» (the outlet or its reporter) with
the words on the line after it. Read as one line, this is «X در گفتگو با Y:», a label with a
setting (``labels``): the colon is the cue, the speaker is on the first line, and the words are
on the first line after the colon that holds any (``annotate._raw_quotes`` gives it to them).

A post may also break a label before its colon: the speaker alone on a line, and the next line
opening with the colon and the words («بنیامین نتانیاهو» / «: راستش …»). The event is in the
colon's line, the mention on the line before.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.nlp.drafts import trim
from app.nlp.fold import name_key
from app.nlp.label_subject import label_subject
from app.nlp.labels import Label, find_label, speaks
from app.nlp.name_index import is_outlet
from app.nlp.normalize import tokenize
from app.nlp.raw import EMPTY, RawQuote
from app.nlp.records import Span

_IN = name_key("در")
_WITH = name_key("با")
_SETTINGS = frozenset(name_key(w) for w in ("گفتگو", "گفت\u200cوگو", "مصاحبه"))
_WITH_WORDS = 3  # «با خبرفوری:»، «با خبرنگار خبرفوری:»: the one spoken to, a few words
_BLANKS = " \u200c\u200e\u200f"
_NAME_LINE = 6  # the words of a speaker alone on a line, at most


def split_labels(paragraphs: list[str]) -> dict[int, RawQuote]:
    """By the paragraph number of each «با Y:» line that ends such a label, its event, whose
    words are still to come (an empty content): the colon its cue, the first line's speaker
    its subject (``mention_paragraph`` that line)."""
    out: dict[int, RawQuote] = {}
    for k in range(2, len(paragraphs)):
        quote = _label_at(paragraphs, k)
        if quote is not None:
            out[k + 1] = quote
    return out


def _label_at(paragraphs: list[str], k: int) -> RawQuote | None:
    line = paragraphs[k]
    if not line.startswith("با"):  # a string test first: nearly no line is one
        return None
    colon = line.find(":")
    if colon < 0 or line[colon + 1 :].strip(_BLANKS):
        return None  # the words on the same line: not this form
    words = tokenize(line, 0, colon)
    if not (2 <= len(words) <= 1 + _WITH_WORDS) or name_key(words[0].text) != _WITH:
        return None
    if not all(w.text[0].isalpha() for w in words[1:]):
        return None
    j = k - 1
    setting = False
    while j > 0 and paragraphs[j].startswith("#"):
        tag = paragraphs[j].strip(_BLANKS).lstrip("#").replace("_", "\u200c")
        setting = setting or name_key(tag) in _SETTINGS
        j -= 1
    if not setting or j == k - 1:
        return None
    head = paragraphs[j].rstrip(_BLANKS)
    last = tokenize(head)[-1:]
    if not last or name_key(last[0].text) != _IN or last[0].start == 0:
        return None
    subject = label_subject(head, 0, last[0].start)
    if subject is None:
        return None
    cue = Span(":", colon, colon + 1)
    return RawQuote(k + 1, "direct", cue, EMPTY, subject, mention_paragraph=j + 1)


def colon_lines(paragraphs: list[str]) -> dict[int, RawQuote]:
    """By paragraph number, the event of each line that opens with the colon of a label whose
    speaker is alone on the line before (someone who speaks: a role, an outlet, a source or a
    known name), its words the rest of the line."""
    out: dict[int, RawQuote] = {}
    for k in range(1, len(paragraphs)):
        line = paragraphs[k]
        if not line.startswith(":"):  # a string test first: nearly no line is one
            continue
        bounds = trim(line, 1, len(line))
        head = paragraphs[k - 1]
        if bounds is None or ":" in head or len(tokenize(head)) > _NAME_LINE:
            continue
        subject = label_subject(head, 0, len(head))
        if subject is None or not (speaks(subject) or is_outlet(subject.span.text)):
            continue
        content = Span(line[bounds[0] : bounds[1]], *bounds)
        out[k + 1] = RawQuote(
            k + 1, "direct", Span(":", 0, 1), content, subject, mention_paragraph=k
        )
    return out


_HEADLINE_WORDS = 3


def trailing_label(text: str, gaps: Sequence[int]) -> Label | None:
    """The label after the line's last run of blanks, when its colon ends the line and a
    headline of a few words comes before the run (not a bullet «الف ــ  X:», nor a name
    written with two blanks «اسرائیل  هیوم:»)."""
    if not gaps or not text.endswith(":"):
        return None
    at = gaps[-1] + 1
    headline = [t for t in tokenize(text, 0, at) if t.text[0].isalpha()]
    if len(headline) < _HEADLINE_WORDS:
        return None
    label = find_label(" " * at + text[at:], [])
    return label if label is not None and label.colon.end == len(text) else None
