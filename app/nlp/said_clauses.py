"""Cues inside clauses that report nothing themselves: «آنچه وزیر گفت درست بود» (the verb of a
relative clause about words said) and ««…» این را وزیر می‌گوید» (the words «این را» refer back
to a quote before them). The rules read only the last few words before a cue.
"""

from __future__ import annotations

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import tokenize

_AND = name_key("و")


_RELATIVE_HEADS = frozenset(
    name_key(w) for w in ("چیزی", "حرفی", "سخنی", "مطلبی", "همانی", "همونی", "آنی")
)
_WHAT = frozenset(name_key(w) for w in ("آنچه", "هرآنچه", "هرچه", "اونچه"))


def in_relative_clause(text: str, start: int, cue_start: int) -> bool:
    """«همان چیزی که X گفت اتفاق افتاد»، «آنچه وزیر گفت درست بود»: the cue is the verb of a
    relative clause about words said, and the clause after it is the main sentence, not what
    was said. It holds only when no other verb comes between the relative word and the cue
    («درباره آنچه رخ داد گفت: …» is speech). Only the last few words before the cue are read."""
    last = tokenize(text, max(start, cue_start - 60), cue_start)[-6:]
    keys = [name_key(w.text) for w in last]
    for i in range(len(keys) - 1, max(-1, len(keys) - 6), -1):
        if keys[i] in lexicon.verbs():
            return False
        relative = keys[i] in _WHAT or (
            keys[i] == _KE_REL and i > 0 and keys[i - 1] in _RELATIVE_HEADS
        )
        if relative:
            return True
    return False


_KE_REL = name_key("که")


_THIS_SAID = frozenset(name_key(w) for w in ("این", "اینها", "این‌ها", "همین"))
_RA = name_key("را")


def this_said(text: str, start: int, cue_start: int) -> tuple[int, int] | None:
    """««…» این را وزیر دفاع می‌گوید»: the words «این را» that refer back to a quote before
    them, with the speaker between them and the cue; their start and end, or None. Only the
    last few words before the cue are read."""
    words = tokenize(text, max(start, cue_start - 80), cue_start)
    for k in range(len(words) - 2, max(0, len(words) - 8), -1):
        if name_key(words[k].text) == _RA and name_key(words[k - 1].text) in _THIS_SAID:
            between = [name_key(w.text) for w in words[k + 1 :]]
            if any(w == _AND or w in lexicon.verbs() for w in between):
                return None  # «این را وزیر امضا کرد و گفت»: the object of another verb
            return words[k - 1].start, words[k].end
    return None
