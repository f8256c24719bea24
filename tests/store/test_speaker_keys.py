"""A speaker's search text is rebuilt by the writer from the keys stored for its names."""

from __future__ import annotations

from app.store.rows import speaker_search_text, stored_keys


def test_stored_keys_read_back_what_the_search_text_was_made_of() -> None:
    names = ["محمدجواد ظریف", "وزیر امور خارجه", "«»", "ظریف"]  # «»: a name with no keys
    text = speaker_search_text(names)
    keys = stored_keys(names, text)
    assert list(keys) == names and keys["«»"] == ""
    assert speaker_search_text(names, keys) == text


def test_stored_keys_of_other_names_are_none() -> None:
    text = speaker_search_text(["علی دایی", "دایی"])
    assert stored_keys(["علی دایی"], text) == {}  # names and text disagree: nothing is guessed
    assert stored_keys(["علی دایی"], None) == {}
