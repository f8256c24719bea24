"""Quote markup from code-point spans: nested, crossing and repeated spans give well-nested,
escaped HTML whose text is the paragraph's."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from app.web.markup import paragraph_html


def _quote(qid: str, speaker: str, **spans: tuple[int, int]) -> dict[str, Any]:
    q: dict[str, Any] = {
        "id": qid, "kind": "indirect", "speaker": {"id": speaker, "name": "<نام>"},
        "via": None, "confidence": 0.75, "mention": None, "cue": None, "content": None,
        "addressee": None,
    }  # fmt: skip
    for name, (start, end) in spans.items():
        q[name] = {"start": start, "end": end, "text": ""}
    return q


class _Checker(HTMLParser):
    """Collects the text outside tooltips and checks that every element closes in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.opened: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside = [a.get("data-quote-id") for _, a in self.stack if a.get("data-quote-id")]
        self.stack.append((tag, dict(attrs)))
        self.opened.append(dict(attrs) | {"tag": tag, "inside": " ".join(inside)})

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(a.get("class") == "tip" for _, a in self.stack):
            self.text.append(data)


def _parse(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.stack
    return checker


TEXT = "علی گفت: «<b>ما & شما</b> می\u200cرویم» و رضا گفت نه."


def test_text_is_kept_and_escaped() -> None:
    q = _quote("a:1:4", "sp_a", mention=(0, 3), cue=(4, 7), content=(10, 32))
    html = paragraph_html(TEXT, [q], {"sp_a": 0})
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "&lt;نام&gt;" in html  # the tooltip's speaker name is escaped too
    checker = _parse(html)
    assert "".join(checker.text) == TEXT
    quote = next(a for a in checker.opened if a.get("data-quote-id") == "a:1:4")
    assert quote["data-speaker-id"] == "sp_a" and quote["tabindex"] == "0"
    assert "c0" in (quote["class"] or "")
    assert any(a["tag"] == "a" and a.get("href") == "/speakers/sp_a" for a in checker.opened)
    assert any(a["tag"] == "em" for a in checker.opened)


def test_nested_quote_is_a_nested_element() -> None:
    outer = _quote("a:1:4", "sp_a", cue=(4, 7), content=(10, 40))
    inner = _quote("a:1:30", "sp_b", mention=(30, 33), cue=(34, 37), content=(12, 20))
    html = paragraph_html(TEXT + TEXT, [outer, inner], {"sp_a": 0, "sp_b": 1})
    checker = _parse(html)
    assert "".join(checker.text) == TEXT + TEXT
    ids = [a.get("data-quote-id") for a in checker.opened if a.get("data-quote-id")]
    assert ids == ["a:1:4", "a:1:30"]  # each quote whole: no piece was cut
    inner_element = next(a for a in checker.opened if a.get("data-quote-id") == "a:1:30")
    assert inner_element["inside"] == "a:1:4"


def test_crossing_spans_are_cut_and_still_nest() -> None:
    first = _quote("a:1:0", "sp_a", content=(0, 20))
    second = _quote("a:1:15", "sp_b", content=(15, 30), cue=(18, 25))
    html = paragraph_html(TEXT, [first, second], {"sp_a": 0, "sp_b": 1})
    checker = _parse(html)
    assert "".join(checker.text) == TEXT
    pieces = [a for a in checker.opened if a.get("data-quote-id") == "a:1:15"]
    assert len(pieces) == 2  # cut where the first quote ends
    assert pieces[0].get("tabindex") == "0" and pieces[1].get("data-part") == "more"
    assert sum(1 for a in checker.opened if a["tag"] == "em") == 2  # the cue is cut too


def test_one_mention_for_two_quotes_is_one_link() -> None:
    a = _quote("a:1:4", "sp_a", mention=(0, 3), cue=(4, 7), content=(10, 20))
    b = _quote("a:1:25", "sp_a", mention=(0, 3), cue=(4, 7), content=(22, 30))
    html = paragraph_html(TEXT, [a, b], {"sp_a": 0})
    assert html.count("<a ") == 1 and html.count("<em") == 1
    assert "".join(_parse(html).text) == TEXT


def test_a_mention_inside_a_mention_is_no_nested_link() -> None:
    a = _quote("a:1:4", "sp_a", mention=(0, 8), cue=(10, 12), content=(14, 20))
    b = _quote("a:1:5", "sp_b", mention=(2, 5), cue=(22, 25), content=(26, 30))
    html = paragraph_html(TEXT, [a, b], {"sp_a": 0, "sp_b": 1})
    assert html.count("<a ") == 1
    assert "".join(_parse(html).text) == TEXT


def test_spans_out_of_the_text_are_clamped_or_dropped() -> None:
    q = _quote("a:1:4", "sp_a", cue=(4, 7), content=(30, 500), mention=(90, 95))
    html = paragraph_html(TEXT, [q], {"sp_a": 0})
    assert "".join(_parse(html).text) == TEXT
    assert 'href="/speakers/' not in html


def test_many_crossing_spans_stay_linear_enough() -> None:
    text = "ب" * 20_000
    quotes = [_quote(f"a:1:{i}", f"sp_{i % 9}", content=(i * 10, i * 10 + 15)) for i in range(1900)]
    html = paragraph_html(text, quotes, {f"sp_{i}": i for i in range(9)})
    assert "".join(_parse(html).text) == text
