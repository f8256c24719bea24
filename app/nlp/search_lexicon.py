"""The word lists search keys are built from, read once per process, all on folded forms.

- hazm's word list (``hazm/data/words.dat``, shipped in the hazm wheel): which words are words
  of their own, so the light stemmer leaves «تنها» «انتها» «مالیات» «لغوی» «پیشروی» whole
  rather than turning them into «تن» «انت» «مالی» «لغو» «پیشرو»; and its words written with a
  ZWNJ inside («هسته‌ای» «تفاهم‌نامه» «کشتی‌رانی»), so the same word typed solid splits where
  the ZWNJ stands;
- ``joined_words.txt``: names and compounds whose parts mean something else («احمدی‌نژاد»
  «کی‌روش» «رئیس‌جمهور» «آتش‌بس»), indexed as one key however they are written;
- ``compounds.txt``: the paired compounds written with «و» («گفت‌وگو» «گفت و گو» «گفتگو»);
- ``pair_words.txt``: the commonest keys, whose pairs in a row the index keeps for phrases
  (``app/store/search_index.py``; written by ``bench/pair_words.py``).

Only the entries the rules ask about are kept from hazm's list (words seen in its corpus, words
with a ZWNJ), so loading stays a fraction of a second.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from app.nlp.fold import search_fold

# Lines of hazm's list: "word<TAB>frequency<TAB>tags". Only words seen at least once can be
# words of their own; words with a ZWNJ are read whatever their frequency.
_SEEN = re.compile(r"^([^\t\n\u200c]+)\t[1-9]\d*\t([^\n]*)$", re.M)
_WITH_ZWNJ = re.compile(r"^[^\t\n]*\u200c[^\t\n]*(?=\t)", re.M)
# A last part that is an inflection leaves a word to the affix rules («حرفه‌ای» is «حرفه»).
_CLITICS = tuple("\u200c" + c for c in ("ای", "ی", "ها", "های", "هایی", "ام", "ات", "اش", "اند"))
_SOLID = re.compile(r"^[^\t\n\u200c]+(?=\t)", re.M)


def _words_file() -> Path:
    from hazm.utils import default_words

    return Path(default_words)


def _data_lines(name: str) -> list[str]:
    text = resources.files("app.nlp").joinpath("data", name).read_text(encoding="utf-8")
    return [search_fold(s) for line in text.splitlines() if (s := line.strip()) and s[0] != "#"]


class _Hazm(NamedTuple):
    own: frozenset[str]  # solid words of their own (see is_own_word)
    parts: dict[str, tuple[str, ...]]  # joined form → parts, of the words written with a ZWNJ
    solid: frozenset[str]  # joined forms of those that the list also spells solid


@cache
def _hazm() -> _Hazm:
    text = _words_file().read_text(encoding="utf-8")
    zwnj = _WITH_ZWNJ.findall(text)
    own = frozenset(
        search_fold(word)
        for word, tags in _SEEN.findall(text)
        if not {"0", "PL"} & set(tags.split(","))  # a part of speech, and not a plural
    )
    parts: dict[str, tuple[str, ...]] = {}
    for word in zwnj:
        split = tuple(p for p in search_fold(word).split("\u200c") if p)
        parts.setdefault("".join(split), split)
    # Compared with «آ» as «ا», as folding will («فن‌آوری» is «فناوری»); folded once matched.
    alef = {w.replace("\u200c", "").replace("آ", "ا") for w in zwnj if not w.endswith(_CLITICS)}
    spelt = "\n".join(_SOLID.findall(text)).replace("آ", "ا").split("\n")
    solid = frozenset(search_fold(word) for word in alef.intersection(spelt))
    return _Hazm(own, parts, solid)


def is_own_word(word: str) -> bool:
    """``word`` (folded, solid) is a word of its own in hazm's list, not an inflection of
    another: «تنها» «انتها» «مالیات» «پهلوی» «همزمان» are, «کشورها» «اظهارات» «آقای» are not.
    Words the list has never seen in its corpus count as not known."""
    return word in _hazm().own


def written_parts(word: str) -> tuple[str, ...] | None:
    """The parts of a word hazm's list writes with a ZWNJ, asked by its solid spelling:
    «هستهای» → («هسته», «ای»); None when the list spells it solid too («هماهنگی» «بهروز»)."""
    split = _hazm().parts.get(word)
    return None if split is None or word in _hazm().solid else split


@cache
def units() -> tuple[frozenset[str], frozenset[str]]:
    """(joined forms of the names and compounds indexed as one key, the joined forms of their
    first parts: «احمدی» of «احمدی نژاد»), so a run of words is joined while it stays a prefix."""
    joined: set[str] = set()
    prefixes: set[str] = set()
    for line in _data_lines("joined_words.txt"):
        parts = line.split()
        joined.add("".join(parts))
        prefixes.update("".join(parts[:n]) for n in range(1, len(parts)))
    return frozenset(joined), frozenset(prefixes)


@cache
def paired_compounds() -> dict[tuple[str, str], str]:
    """(first, second) → key: «گفت» + «گو» → «گفتگو», whether written with «و» or not."""
    out: dict[tuple[str, str], str] = {}
    for line in _data_lines("compounds.txt"):
        a, b = line.split()
        out[(a, b)] = a + b
    return out


@cache
def pair_words() -> frozenset[str]:
    """The keys common enough that two of them in a row are indexed as a pair."""
    return frozenset(_data_lines("pair_words.txt"))


def solid_word(pieces: str) -> bool:
    """``pieces`` joined is a word hazm's list writes both with a ZWNJ and solid: the solid
    spelling is its key, «هم‌زمان» is «همزمان», «کتاب‌خانه» is «کتابخانه»."""
    return pieces in _hazm().solid
