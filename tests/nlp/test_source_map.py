"""The source map: normalized text equal to ``normalize``, and every normalized token mapped
onto the source characters it came from, for each kind of change the normalizer makes."""

from __future__ import annotations

import re
import sys

import pytest

from app.nlp import respace
from app.nlp.fold import name_key
from app.nlp.normalize import normalize
from app.nlp.source_map import SourceMap, served, source_map

ZWNJ = "\u200c"
RLM = "\u200f"

CASES = {
    "mi joined to a verb": "نمیدانم چه میگفت",
    "mi written apart": "مطالعه می کنم و نمی روم",
    "ha suffix written apart": "کتاب ها و جمعهها",
    "ezafe yeh after heh": "خانه ی ما",
    "compound joined by the word list": "زمین لرزه ای آمد",
    "space before punctuation removed": "او گفت : «سلام» .",
    "space after an opening mark removed": "( پرانتز ) و « گیومه »",
    "space after punctuation added": "گفت:سلام،خداحافظ.رفت",
    "digits glued to words": "۴خرداد۱۴۰۵ و 12نفر",
    "decimal point": "رشد 10.5 درصدی",
    "ellipsis": "و ... سپس...",
    "diacritics": "اِعلام کَرد که بُزرگیِ زمین",
    "hamza above": "دربارهٔ این موضوع",
    "tatweel": "سلام دنیـــا",
    "arabic letters": "علي كريمي گفت",
    "arabic presentation forms": "\ufedb\ufe98\ufe8e\ufe8f خوب",
    "ligature unchanged": "\ufefb و \ufdf2",
    "bismillah": "\ufdfd سخنرانی آغاز شد",
    "rial sign": "صد \ufdfc",
    "special characters removed": "پیامبر\u0670 اکرم \ufdfa گفت",
    "repeated letters": "اعلاممممم کرد سلامممم",
    "ascii quotes": 'او گفت "ما آماده‌ایم" و رفت',
    "curly quotes": "او گفت \u201cما\u201d",
    "runs of spaces": "سلام    دنیا  و   ما",
    "bidi marks": f"{RLM}سلام{RLM} \u200e\u202bدنیا\u202c",
    "zwnj runs and zwnj at word edges": f"کاروان{ZWNJ}{ZWNJ}سرا {ZWNJ}سلام{ZWNJ} به",
    "leading and trailing whitespace": "  \t سلام دنیا \u00a0 ",
    "control characters": "سلام\x07دنیا\x00و\x1bما\x85",
    "nbsp": "سلام\u00a0دنیا",
    "bom": "\ufeffسلام دنیا",
    "mixed": f'  علي  گفت:"ما ۲۰درصد رشد داشتیم..." و{ZWNJ} میانجی شد{RLM}  ',
}


def _key(text: str) -> str:
    """Letters and digits folded: punctuation may change with its context (a pair of ``"``
    becomes « », a point between digits ٫), so it is checked apart."""
    return "".join(re.findall(r"\w", name_key(normalize(text))))


def _check(m: SourceMap) -> None:
    """Each normalized token maps to a source slice with the same key; tokens inside one unit
    (``﷽`` → four words) map to the same slice, which has the key of them all."""
    assert len(m.lo) == len(m.hi) == len(m.text)
    for i in range(len(m.text)):
        assert 0 <= m.lo[i] <= m.hi[i] <= len(m.source)
        if i:
            assert m.lo[i - 1] <= m.lo[i] and m.hi[i - 1] <= m.hi[i]
    groups: dict[tuple[int, int], list[str]] = {}
    for token in re.finditer(r"[^\s\u200c]+", m.text):
        groups.setdefault(m.span(*token.span()), []).append(token.group())
    for (s, e), tokens in groups.items():
        assert s < e, tokens
        assert _key(m.source[s:e]) == _key(" ".join(tokens)), (m.source[s:e], tokens)
        if not _key(m.source[s:e]):  # punctuation for punctuation
            assert not re.search(r"\w", m.source[s:e]), (m.source[s:e], tokens)


@pytest.mark.parametrize("src", CASES.values(), ids=CASES.keys())
def test_each_change(src: str) -> None:
    m = source_map(src)
    assert m.source == served(src)
    assert m.text == normalize(m.source) == normalize(src.strip("\ufeff"))
    _check(m)


def test_served_keeps_the_text_and_its_length() -> None:
    assert served("  سلام\x07دنیا\r") == "سلام دنیا"
    assert served("\ufeff سلام ") == "سلام"
    assert served(f"سلام    {ZWNJ}دنیا") == f"سلام    {ZWNJ}دنیا"  # inside: as written
    assert source_map(f"{ZWNJ}\u00ad{ZWNJ}").text == ""  # nothing visible: no paragraph
    assert source_map("   ").text == ""


def test_inserted_zwnj_is_a_point() -> None:
    m = source_map("میگفت")
    assert m.text == f"می{ZWNJ}گفت"
    assert (m.lo[2], m.hi[2]) == (2, 2)
    assert m.span(0, 2) == (0, 2) and m.span(3, 6) == (2, 5) and m.span(0, 6) == (0, 5)


def test_deleted_mark_stays_with_its_word() -> None:
    m = source_map("بزرگیِ کَرد")
    assert m.text == "بزرگی کرد"
    assert m.source[slice(*m.span(0, 5))] == "بزرگیِ"  # the final kasra too
    assert m.source[slice(*m.span(6, 9))] == "کَرد"


def test_unit_is_never_split() -> None:
    m = source_map("\ufdfd آغاز")
    assert m.text.startswith("بسم الله")
    assert m.span(4, 8) == (0, 1)  # «الله»: the whole ﷽
    m = source_map("و ...")
    assert m.text == "و …" and m.source[slice(*m.span(2, 3))] == "..."


def test_spans_lose_surrounding_blanks() -> None:
    m = source_map("گفت  :  سلام")
    assert m.text == "گفت: سلام"
    assert m.source[slice(*m.span(3, 5))] == ":"
    assert m.span(2, 2) == (2, 2)


def test_spacing_changes_map_blank_for_blank() -> None:
    # hazm's correct_spacing only puts, takes away or swaps blanks: a space it makes a ZWNJ
    # keeps its own span, a space it adds is a point, a tatweel it drops joins its letter.
    m = source_map("مطالعه می کنم")
    assert m.text == f"مطالعه می{ZWNJ}کنم"
    assert (m.lo[9], m.hi[9]) == (9, 10)
    m = source_map("گفت:سلام")
    assert m.text == "گفت: سلام"
    assert (m.lo[4], m.hi[4]) == (4, 4) and m.span(5, 9) == (4, 8)
    m = source_map("سلام دنیـــا")
    assert m.text == "سلام دنیا"
    assert m.span(5, 8) == (5, 11) and m.span(7, 8) == (7, 11)
    m = source_map("او گفت : «سلام» .")
    assert m.text == "او گفت: «سلام»."
    assert [m.source[slice(*m.span(i, i + 1))] for i in (6, 8, 13, 14)] == [":", "«", "»", "."]


def _lines_run(text: str) -> int:
    """How many lines of app/nlp/source_map.py run to map ``text``: a count that does not
    depend on the machine, and grows with the text as the work does."""
    module = source_map.__code__.co_filename
    count = 0

    def trace(frame, event, _arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if frame.f_code.co_filename != module:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        m = source_map(text)
    finally:
        sys.settrace(None)
    assert m.text == normalize(text)
    return count


def test_long_paragraph_maps_in_linear_work() -> None:
    """Four times the text runs at most about four times the lines (no alignment search, no
    rescans per match)."""
    unit = 'علي  گفت:"ما ۲۰درصد رشد داشتیم..." و میانجی شد، کتاب ها را میخواند. '
    small, large = _lines_run(unit * 100), _lines_run(unit * 400)
    assert large <= 4.5 * small, (small, large)


def test_same_run_finds_the_first_difference_at_every_length() -> None:
    # respace copies the stretches two texts share by comparing slices of doubling length:
    # every length of shared run, short or long, must come out exact.
    for size in (0, 1, 15, 16, 17, 31, 32, 33, 47, 100, 1000):
        old = "ب" * size + "x" + "ت" * 5
        new = "ب" * size + "y" + "ت" * 5
        assert respace.same_run(old, 0, new, 0) == size
        assert respace.same_run("a" + old, 1, new, 0) == size
        assert respace.same_run(old[:size], 0, new, 0) == size  # one text ends


def test_served_strips_every_blank_and_a_bom_at_both_ends() -> None:
    """Every character ``str.isspace`` calls a blank, wherever Unicode puts it, and a BOM."""
    blanks = [chr(c) for c in range(0x110000) if chr(c).isspace()] + ["\ufeff"]
    for blank in blanks:
        assert served(f"{blank}{blank}گفت{blank}") == "گفت", hex(ord(blank))
