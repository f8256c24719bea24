"""Each annotator rule on sentences we wrote (tests/data/rules.json), and its counter-examples."""

from __future__ import annotations

import json

import pytest

from app.nlp import annotate
from tests.conftest import DATA

CASES = json.loads((DATA / "rules.json").read_text(encoding="utf-8"))
SPAN_FIELDS = ("cue", "content", "mention", "addressee")


def _actual(text: str) -> tuple[list[dict], int]:
    a = annotate(text)
    out = []
    for q in a.quotes:
        speaker = a.speaker(q.speaker_key)
        row = {
            "p": q.paragraph,
            "speaker": speaker.name,
            "speaker_kind": speaker.kind,
            "kind": q.kind,
            "via": q.via,
            "cue_paragraph": q.cue_paragraph,
            "mention_paragraph": q.mention_paragraph,
            "link_by": q.link_by,  # how the mention reached the speaker (app/nlp/evidence.py)
        }
        for name in SPAN_FIELDS:
            span = getattr(q, name)
            row[name] = None if span is None else span.text
        out.append(row)
    return out, len(a.speakers)


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_rule(case: dict) -> None:
    actual, speakers = _actual(case["text"])
    assert len(actual) == len(case["quotes"]), actual
    for want, got in zip(case["quotes"], actual, strict=True):
        assert {k: got[k] for k in want} == want
    if "speakers" in case:
        assert speakers == case["speakers"]
