"""Where the subject of a cue may start, before ``phrases.speaker_phrase`` reads it.

Two clauses before a cue hold no subject of it, or hold the subject after their opening word:
a sentence quoted in « » before the cue («ازش پرسیدند: «تهران یا شیراز؟»… گفت: …»), and a
relative clause «که در آن» / «که توش» (in which) that the cue ends («ویدیویی منتشر شده که در آن
X گفته است»: X speaks, not the video). Both read only a few words or characters before the cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import Token

_QUOTE_WINDOW = 300  # characters before the cue searched for a closing »
_RELATIVE_WORDS = 12  # words from «که» to the cue, at most

_IN_WHICH = frozenset(name_key(w) for w in ("توش", "توی\u200cاش", "درش"))
_IN = name_key("در")
_THAT_ONE = frozenset(name_key(w) for w in ("آن", "اون"))  # «در این …» is «in this …»
_THAT = name_key("که")
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


def in_which(tokens: Sequence[Token], that: int, hi: int) -> int:
    """The token after «که در آن» / «که توش» when ``tokens[that]`` is that «که» and no verb
    closes the relative clause before the cue at ``hi`` («وزیر در نشستی که در آن حضور داشت گفت»
    is the minister's); 0 otherwise. The caller checks that a noun phrase starts there."""
    if name_key(tokens[that].text) != _THAT or hi - that > _RELATIVE_WORDS:
        return 0
    j = that + 1
    first = name_key(tokens[j].text) if j < hi else ""
    if first in _IN_WHICH:
        j += 1
    elif first == _IN and j + 1 < hi and name_key(tokens[j + 1].text) in _THAT_ONE:
        j += 2
    else:
        return 0
    return j if j < hi and _open_to(tokens, j, hi) else 0


def _open_to(tokens: Sequence[Token], j: int, hi: int) -> bool:
    """No verb between ``j`` and the cue, but for the verb of a «وقتی …» clause inside it."""
    when = False
    for t in tokens[j:hi]:
        key = name_key(t.text)
        if key in _WHEN_CLAUSE:
            when = True
        elif key in lexicon.verbs():
            if not when:
                return False
            when = False
    return True
