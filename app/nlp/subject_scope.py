"""Where the subject of a cue may start, before ``subjects.speaker_phrase`` reads it.

Some clauses before a cue hold no subject of it, or hold it only after their first word: a
sentence quoted in « » before the cue («ازش پرسیدند: «تهران یا شیراز؟»… گفت: …»); a clause
«که در آن» / «که توش» (in which) that the cue ends («ویدیویی منتشر شده که در آن X گفته است»: X
speaks, not the video); a clause «که» after a verb («… نشان می‌دهد که X گفته است»); and a clause
after «اما» / «ولی» («… ولی امروز شخصی نوشت»). Only a few words or characters before the cue
are read.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import Token

_QUOTE_WINDOW = 300  # characters before the cue searched for a closing »
_CLAUSE_WORDS = 12  # words from the clause's opening word to the cue, at most

_IN_WHICH = frozenset(name_key(w) for w in ("توش", "توی\u200cاش", "درش"))
_IN = name_key("در")
_THAT_ONE = frozenset(name_key(w) for w in ("آن", "اون"))  # «در این …» is «in this …»
_THAT = name_key("که")
_BUT = frozenset(name_key(w) for w in ("اما", "ولی"))
_OBJECT = name_key("را")
_PAUSES = frozenset(("،", "…", "...", "؛", ","))
_WILL = frozenset(name_key(w) for w in ("خواهد", "خواهند", "خواهیم", "خواهم", "خواهی", "خواهید"))
_WHEN_CLAUSE = frozenset(name_key(w) for w in ("وقتی", "هنگامی", "زمانی", "اگر", "اگه"))


def after_quoted_speech(text: str, start: int, end: int) -> int:
    """After a sentence quoted in « » right before the cue (its words end in «؟», «!» or «.»,
    or a period follows the »): no subject of the cue is inside it. A name or a title in « »
    («روزنامه «کیهان» نوشت») is read as it is. Returns where the subject may start."""
    close = text.rfind("»", max(start, end - _QUOTE_WINDOW), end)
    if close <= start:
        return start
    if text[close - 1] in "؟?!." or text.startswith((".", "…"), close + 1):
        return close + 1
    return start


def clause_opening(tokens: Sequence[Token], lo: int, hi: int) -> int:
    """Where a clause that the cue at ``hi`` ends starts, after the last «که در آن», «که توش»,
    «از اینکه» («پس از اینکه X گفت»), «<verb> که», «اما» or «ولی» of ``tokens[lo:hi]``; 0
    when there is none, or when a verb or «را» comes between it and the cue (the clause closed
    before, or its words are the object: «وزیر در نشستی که در آن حضور داشت گفت» is the
    minister's). The caller checks that a subject starts there."""
    for k in range(hi - 2, max(lo, hi - _CLAUSE_WORDS) - 1, -1):
        key = name_key(tokens[k].text)
        if key in _BUT and k > lo and tokens[k - 1].text in _PAUSES:
            j = k + 1
        elif key in _SINCE and k > lo and name_key(tokens[k - 1].text) == _FROM:
            j = k + 1  # «یک روز پس از اینکه ترامپ ادعا کرد …»: the clause of «اینکه» is his
        elif key != _THAT:
            continue
        elif k > lo + 1 and _evidence(tokens, k):
            j = k + 1  # «… نشان می‌دهد که X گفته است»: what the evidence shows, X its subject
        else:
            j = _after_in_which(tokens, k + 1, hi)
        return j if j and j < hi and _open_to(tokens, j, hi) else 0
    return 0


_SHOW = name_key("نشان")
_FROM = name_key("از")
_SINCE = frozenset(name_key(w) for w in ("اینکه", "این\u200cکه", "آنکه", "آن\u200cکه"))


def _evidence(tokens: Sequence[Token], k: int) -> bool:
    """«نشان می‌دهد که» / «نشان داد که» right before ``tokens[k]`` («که»): evidence shows, and
    says nothing itself (guidelines, rule 5); the clause after it has the speaker."""
    return name_key(tokens[k - 2].text) == _SHOW and name_key(tokens[k - 1].text) in lexicon.verbs()


def _after_in_which(tokens: Sequence[Token], j: int, hi: int) -> int:
    first = name_key(tokens[j].text) if j < hi else ""
    if first in _IN_WHICH:
        return j + 1
    if first == _IN and j + 1 < hi and name_key(tokens[j + 1].text) in _THAT_ONE:
        return j + 2
    return 0


def _open_to(tokens: Sequence[Token], j: int, hi: int) -> bool:
    """No verb and no «را» between ``j`` and the cue, but for the verb of a «وقتی …» clause and
    the cue's own future auxiliary («افراد آگاه خواهند گفت»)."""
    if hi - 1 > j and name_key(tokens[hi - 1].text) in _WILL:
        hi -= 1
    when = False
    for t in tokens[j:hi]:
        key = name_key(t.text)
        if key == _OBJECT:
            return False
        if key in _WHEN_CLAUSE:
            when = True
        elif key in lexicon.verbs():
            if not when:
                return False
            when = False
    return True
