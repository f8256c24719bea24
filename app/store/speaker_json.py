"""Speaker rows → the speakers' JSON (``SpeakerOut``, ``SpeakerDetail``, ``SpeakerTimeline``,
``SpeakerOverride``): one builder per shape, as in ``app/store/rows.py``. None of these is
stored in a body: they are built from the rows on every read, so they need no ``BODY_VERSION``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from app.nlp.fold import name_key
from app.store.rows import Row, iso


def speaker_json(s: Row) -> dict[str, Any]:
    """``SpeakerOut`` from a speaker row."""
    return {
        "id": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "aliases": json.loads(s["aliases"]),
        "quote_count": s["quote_count"],
    }


def speaker_detail_json(s: Row, links: Sequence[Row]) -> dict[str, Any]:
    """``SpeakerDetail`` from the speaker's row and its links (article id and the roles
    that article gives it, JSON), in article order. A role spelt two ways («رئیس‌جمهوری»,
    «رئیس جمهوری») is one, under its first spelling."""
    roles: dict[str, tuple[str, list[str]]] = {}
    for link in links:
        for role in json.loads(link["roles"] or "[]"):
            _, shown = roles.setdefault(name_key(role), (role, []))
            if link["article_id"] not in shown:
                shown.append(link["article_id"])
    return {
        **speaker_json(s),
        "article_count": s["article_count"],
        "articles": [link["article_id"] for link in links],
        "roles": [{"role": r, "articles": a} for r, a in roles.values()],
    }


def override_json(o: Row) -> dict[str, Any]:
    """``SpeakerOverride`` from an override row."""
    aliases = o["aliases"]
    return {
        "id": o["id"],
        "action": o["action"],
        "speaker_id": o["speaker_id"],
        "target_id": o["target_id"],
        "article_id": o["article_id"],
        "name": o["name"],
        "kind": o["kind"],
        "aliases": None if aliases is None else json.loads(aliases),
        "created_at": iso(o["created_at"]),
    }


def timeline_json(
    speaker_id: str, interval: str, buckets: list[tuple[str, int]], undated: int
) -> dict[str, Any]:
    """``SpeakerTimeline``: ``buckets`` as (the period's first day, quotes)."""

    def label(day: str) -> str:
        if interval == "month":
            return day[:7]
        if interval == "week":
            year, week, _ = date.fromisoformat(day).isocalendar()
            return f"{year}-W{week:02d}"
        return day

    return {
        "speaker_id": speaker_id,
        "interval": interval,
        "periods": [{"period": label(d), "start": d, "quotes": n} for d, n in buckets],
        "undated_quotes": undated,
    }
