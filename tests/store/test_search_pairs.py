"""Pairs of words in a row are indexed only for two of the commonest keys (``pair_words.txt``);
a phrase with a rarer word is found from its words and checked in the paragraph."""

from __future__ import annotations

import hashlib
from importlib import resources

from sqlalchemy import select
from sqlalchemy.engine import Engine

from app.db import Database
from app.models import SEARCH_TERM
from app.nlp import annotate
from app.nlp.search_keys import keys
from app.nlp.search_lexicon import pair_words
from app.store import search_index
from app.store.rows import article_rows
from app.store.write import store_article

# The list's digest at this INDEX_VERSION: a list written again without a new version would
# leave articles indexed with other pairs than the queries look up.
PAIR_WORDS_AT_VERSION = (3, "b2592299da58abd3152f9f6f9fe33df03a2c431c48b1402a0081d3747e03a9af")


def _digest() -> str:
    data = resources.files("app.nlp").joinpath("data", "pair_words.txt").read_bytes()
    return hashlib.sha256(data).hexdigest()


def test_the_pair_words_change_with_the_index_version() -> None:
    assert (search_index.INDEX_VERSION, _digest()) == PAIR_WORDS_AT_VERSION


def test_each_pair_word_is_its_own_search_key() -> None:
    """An entry the search keys no longer make (a stemmer change) would never be paired."""
    words = sorted(pair_words())
    assert len(words) >= 100
    assert [w for w in words if [k.key for k in keys(w)] != [w]] == []


def test_only_two_common_words_in_a_row_are_a_pair(db: Database, engine: Engine) -> None:
    common = [w for w in ("گفت", "که", "ایران") if w in pair_words()]
    rare = "زرشکپلو"
    assert len(common) == 3 and rare not in pair_words()
    text = f"وزیر {rare} {common[0]} {common[1]} {common[2]} {rare} است.\n"
    rows = article_rows("a", annotate(text))
    db.run_write(
        store_article, rows, source="seed", source_path="", content_hash="a",
        replace=False, index=True,
    )  # fmt: skip
    with engine.connect() as conn:
        found = set(conn.execute(select(SEARCH_TERM.c.key)).scalars())
    pairs = {k for k in found if k.startswith(" ")}
    assert pairs == {
        search_index.pair_key(common[0], common[1]),
        search_index.pair_key(common[1], common[2]),
    }
