"""hazm's ``correct_spacing``, step for step, with each of its patterns tried only on a text
that holds what the pattern cannot match without.

hazm runs 22 regular expressions over every paragraph, each a scan of the whole paragraph,
and most paragraphs hold nothing most of them look for (a double space, a ZWNJ, a tatweel, a
digit beside a letter, an opening bracket). Each pattern here is paired with a necessary
condition, a substring test or a one-character search, checked on the text as the steps
before have left it; a pattern whose condition fails would have changed nothing. The steps,
their order and hazm's tokenizer between them are hazm's own, ``token_spacing`` is hazm's
loop with its look-ups made once, and a test compares the result with hazm's on written
cases; if hazm's patterns change, this module refuses to load rather than drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import hazm
from hazm.constants import (
    AFFIX_SPACING_PATTERNS,
    EXTRA_SPACE_PATTERNS,
    PUNCTUATION_SPACING_PATTERNS,
    SUFFIXES,
)

_DIGIT = re.compile(r"\d")
_CLOSING = tuple(" " + c for c in ".:!،؛؟»])}")


def _any(*parts: str) -> Callable[[str], bool]:
    """Whether a text holds one of ``parts``: one scan, in the regex engine, for several."""
    if len(parts) == 1:
        return lambda text: parts[0] in text
    search = re.compile("|".join(re.escape(p) for p in parts)).search
    return lambda text: search(text) is not None


def _matches(pattern: str) -> Callable[[str], bool]:
    """Whether a text holds a match of ``pattern`` (one that opens with a literal character, so
    the search skips to it)."""
    search = re.compile(pattern).search
    return lambda text: search(text) is not None


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


# pattern → a condition every text it can match meets.
_NEEDS: dict[str, Callable[[str], bool]] = {
    r"^ +| +$": lambda t: t[:1] == " " or t[-1:] == " " or " \n" in t,
    r" {2,}": _any("  "),
    r"\n{3,}": _any("\n\n\n"),
    r"\u200c{2,}": _any("\u200c\u200c"),
    r"\u200c{1,} ": _any("\u200c "),
    r" \u200c{1,}": _any(" \u200c"),
    # a position cannot be both a word boundary and not one: these match ZWNJs or nothing, the
    # first after a word and before no word, the second before a word and after no word
    r"\b\u200c*\B": _matches(r"\u200c(?<=\w\u200c)(?!\w)"),
    r"\B\u200c*\b": _matches(r"\u200c(?<!\w\u200c)(?=\w)"),
    r"[ـ\r]": _any("ـ", "\r"),
    r"([^ ]ه) ی ": _any("ه ی "),
    r"(^| )(ن?می) ": _any("می "),
    r"(?<=[^\n\d \.:!،؛؟»\]\)\}«\[\(\{]{2}) (تر(ین?)?|گری?|های?)(?=[ \n\.:!،؛؟»\]\)\}«\[\(\{]|$)": (
        _any(" تر", " گر", " ها")
    ),
    r"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n\.:!،؛؟»\]\)\}]|$)": _any("ه ا"),
    r"(ه)(ها)": _any("هها"),
    r'" ([^\n"]+) "': _any('" '),
    r" ([\.:!،؛؟»\]\)\}])": _any(*_CLOSING),
    r"([«\[\(\{]) ": _any("« ", "[ ", "( ", "{ "),
    r"([\.:])([^ \.:!،؛؟»\]\)\}\d۰۱۲۳۴۵۶۷۸۹])": _any(".", ":"),
    r"([!،؛؟»\]\)\}])([^ \.:!،؛؟»\]\)\}])": _any(*"!،؛؟»])}"),
    r"([^ «\[\(\{])([«\[\(\{])": _any(*"«[({"),
    r"(\d)([آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])": _has_digit,
    r"([آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])(\d)": _has_digit,
}

_Step = tuple[re.Pattern[str], str, Callable[[str], bool]]


def _steps(patterns: list[tuple[str, str]]) -> list[_Step]:
    missing = [p for p, _ in patterns if p not in _NEEDS]
    if missing:
        raise RuntimeError(f"hazm's spacing patterns changed; no condition for {missing}")
    return [(re.compile(p), r, _NEEDS[p]) for p, r in patterns]


_EXTRA = _steps(EXTRA_SPACE_PATTERNS)
_AFFIX = _steps(AFFIX_SPACING_PATTERNS)
_PUNCTUATION = _steps(PUNCTUATION_SPACING_PATTERNS)


def _replace(steps: list[_Step], text: str) -> str:
    for pattern, repl, needs in steps:
        if needs(text):
            text = pattern.sub(repl, text)
    return text


def token_spacing(normalizer: hazm.Normalizer, tokens: list[str]) -> list[str]:
    """``normalizer.token_spacing(tokens)``: a token joins the one before it with a ZWNJ when
    the two make a verb form or a word of hazm's list, or when it is a suffix of a known word;
    hazm's loop, with its look-ups made once per token instead of up to five times."""
    words = normalizer._words
    if not words:
        return list(tokens)
    verbs = normalizer._verbs or frozenset()
    counted = _counted(normalizer)
    result: list[str] = []
    last = len(tokens) - 1
    for t, token in enumerate(tokens):
        if result:
            before = result[-1]
            pair = before + "\u200c" + token
            if pair in verbs or pair in counted:
                # not when the token starts a verb of two parts with the next one
                if not (t < last and token + "_" + tokens[t + 1] in verbs):
                    result[-1] = pair
                    continue
            elif token in SUFFIXES and before in words:
                result[-1] = pair
                continue
        result.append(token)
    return result


@cache
def _counted(normalizer: hazm.Normalizer) -> frozenset[str]:
    """The words of hazm's list that a pair may make: those with a positive count and a ZWNJ
    (a pair holds one). A set of them asks in one look-up what hazm asks of the list's entry."""
    return frozenset(w for w, entry in normalizer._words.items() if entry[0] > 0 and "\u200c" in w)


def correct_spacing(normalizer: hazm.Normalizer, text: str) -> str:
    """``normalizer.correct_spacing(text)``, hazm's steps with the hopeless ones skipped."""
    text = _replace(_EXTRA, text)
    lines = []
    for line in text.split("\n"):
        if line.strip() and normalizer._tokenizer:
            line = " ".join(token_spacing(normalizer, normalizer._tokenizer.tokenize(line)))
        lines.append(line)
    text = _replace(_AFFIX, "\n".join(lines))
    return _replace(_PUNCTUATION, text)
