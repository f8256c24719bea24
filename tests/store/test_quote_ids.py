"""Quote ids are unique in an article: the store makes them of the annotator's place."""

from __future__ import annotations

from app.nlp import annotate
from app.store.rows import article_rows
from tests.nlp.test_quote_place import LABEL, WORDS


def test_a_label_and_a_cue_at_the_same_offset_get_two_ids() -> None:
    rows = article_rows("t:1", annotate(f"{LABEL}\n{WORDS}"))
    ids = [q["id"] for q in rows.quotes]
    assert len(ids) == 2 and len(set(ids)) == 2
