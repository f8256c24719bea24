"""The review's «mixed» flag: roles of one head word in two countries, not one role's
spellings or one person's successive posts."""

from __future__ import annotations

from bench.speaker_review import _mixed


def test_two_countries_of_one_role_are_mixed() -> None:
    assert _mixed(["رئیس\u200cجمهور آمریکا", "رئیس\u200cجمهوری چین"])
    assert _mixed(["وزیر امور خارجه ایران", "وزیر خارجه روسیه"])


def test_spellings_and_posts_of_one_person_are_not() -> None:
    assert not _mixed(["وزیر امور خارجه ایران", "وزیر امورخارجه کشورمان", "وزیر خارجه"])
    assert not _mixed(["سرمربی استقلال", "سرمربی سپاهان"])
    assert not _mixed(["رئیس\u200cجمهور آمریکا", "مجری آمریکایی"])  # two head words
