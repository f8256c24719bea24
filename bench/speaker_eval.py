"""Score collection-wide speaker ids against the speaker-identity gold (part of ``make eval``).

Gold: ``tests/data/speaker_gold`` (``bench/check_speaker_gold.py`` validates it), reported-speech
events labelled with the real person or organisation who speaks, one entity key across articles.
The gold articles are ingested together, through the app's own startup and JSON Lines ingest,
into a fresh SQLite database, and each one's quotes are read back as served, so an event's
predicted speaker is the id the store gives its quote, whatever the store does to link speakers
across articles; a predicted quote is paired with a gold event of the same paragraph by content
overlap (``bench.quote_match``), as ``bench.evaluate`` pairs them. Optional gold events may absorb
a predicted quote but are never scored; events no predicted quote matches are counted apart and
left out of the clustering scores, which measure identity, not detection.

Reported: B-cubed precision, recall and F1 of predicted ids against entity keys; how many gold
entities quoted more than once have all their quotes under one id; the ids that gather several
entities, worst first; misnamed events, whose predicted name shares no word with the entity's
name or role (the annotator's "unknown source" placeholder excepted, as it claims no name), and
among them junk names, which share no word with any name or role of the gold either. With
``--orders``, the articles are ingested again in reverse order and the two clusterings compared.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.db import Database
from app.ingest.sources import record
from app.nlp.evidence import CONFIDENCE
from app.nlp.speakers import UNKNOWN_SPEAKER
from app.startup import run_startup
from app.store import read
from bench.check_speaker_gold import load_gold
from bench.corpus import articles, raw_paragraphs
from bench.quote_match import best_match, tokens
from bench.speaker_sample import CORPORA

Pair = tuple[str, str]  # (gold entity key, predicted speaker id) of one event


@dataclass(frozen=True, slots=True)
class Event:
    """A scored gold event and the speaker the store gives the quote that matched it."""

    corpus: str
    article_id: str
    entity: str
    name: str
    role: str
    predicted: str | None  # speaker id; None when no predicted quote matched
    predicted_name: str | None
    link_by: str | None = None  # the served link's evidence (app/nlp/evidence.py)


# (paragraph, content, speaker id, speaker name, the link's evidence)
Predicted = tuple[int, str, str, str, str | None]


def gold_articles() -> list[tuple[str, dict, list[dict]]]:
    """``(corpus, corpus record, gold records)`` of every gold article, in the gold's order."""
    out = []
    for corpus, entries in load_gold().items():
        wanted = {entry["id"]: entry["quotes"] for entry in entries}
        found = {a["id"]: a for a in articles(CORPORA[corpus]) if a["id"] in wanted}
        if len(found) != len(wanted):
            missing = len(wanted) - len(found)
            raise SystemExit(f"{missing} speaker-gold articles missing from {corpus}")
        out += [(corpus, found[e["id"]], e["quotes"]) for e in entries]
    return out


def ingested_quotes(records: list[dict]) -> dict[str, list[Predicted]]:
    """Every quote of ``records`` (corpus records, ingested together in this order) as the app
    serves it, by corpus id: the records go through the app's own startup (migrations, then
    the JSON Lines ingest) into a fresh SQLite database, so a speaker id is what the store
    gives it, however the store comes to link speakers across articles."""
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in records]
    stored = {record(line, "gold")[0]: r["id"] for line, r in zip(lines, records, strict=True)}
    with tempfile.TemporaryDirectory(prefix="goftar-speaker-eval-") as tmp:
        folder = Path(tmp)
        (folder / "gold.jsonl").write_bytes(b"\n".join(lines) + b"\n")
        settings = Settings(
            database_url=f"sqlite:///{folder / 'gold.db'}",
            ingest_on_startup=True,
            ingest_workers=0,
        )
        db = Database(settings)
        try:
            summary = run_startup(settings, db, None, [folder / "gold.jsonl"])
            if summary is None or summary.skipped:
                raise SystemExit(f"speaker gold: not all ingested ({summary and summary.skipped})")
            with db.connect() as conn:
                bodies = {stored[i]: read.article_body(conn, i) for i in stored}
        finally:
            db.dispose()
    return {aid: _served(body) for aid, body in bodies.items()}


def _served(body: bytes | None) -> list[Predicted]:
    quotes = json.loads(body or b"{}").get("quotes", [])
    return [
        (
            q["paragraph"],
            q["content"]["text"],
            q["speaker"]["id"],
            q["speaker"]["name"],
            (q["speaker"].get("link") or {}).get("by"),
        )
        for q in quotes
    ]


def article_events(
    corpus: str, article: dict, records: list[dict], predicted: list[Predicted]
) -> list[Event]:
    """The article's non-optional gold events, each with its matched prediction if any."""
    raw = raw_paragraphs(article["text"])
    spans = [(r["p"], r["content"]) for r in records]
    golds = [(p, raw[p - 1][c["start"] : c["end"]]) for p, c in spans]
    found: dict[int, tuple[str, str, str | None]] = {}
    used: set[int] = set()
    for paragraph, content, sid, name, by in predicted:
        i, _ = best_match(golds, paragraph, content, used)
        if i is not None:
            used.add(i)
            found[i] = (sid, name, by)
    aid = article["id"]
    none = (None, None, None)
    return [
        Event(corpus, aid, r["entity"], r["name"], r.get("role", ""), *found.get(i, none))
        for i, r in enumerate(records)
        if not r.get("optional")
    ]


def bcubed(pairs: Sequence[Pair]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1: per item, the share of its predicted cluster that is
    its gold entity (precision) and of its gold entity that is in its predicted cluster (recall),
    averaged over the items."""
    if not pairs:
        return 0.0, 0.0, 0.0
    both = Counter(pairs)
    gold = Counter(g for g, _ in pairs)
    predicted = Counter(p for _, p in pairs)
    precision = sum(both[g, p] / predicted[p] for g, p in pairs) / len(pairs)
    recall = sum(both[g, p] / gold[g] for g, p in pairs) / len(pairs)
    return precision, recall, 2 * precision * recall / (precision + recall)


def whole_entities(pairs: Sequence[Pair]) -> tuple[int, int]:
    """Of the gold entities with two or more items, how many have all of them under one id."""
    ids: dict[str, set[str]] = defaultdict(set)
    for g, p in pairs:
        ids[g].add(p)
    counts = Counter(g for g, _ in pairs)
    several = [g for g in ids if counts[g] > 1]
    return sum(1 for g in several if len(ids[g]) == 1), len(several)


def mixed_ids(pairs: Sequence[Pair]) -> list[tuple[str, Counter[str]]]:
    """Predicted ids gathering several gold entities, most entities (then items) first."""
    entities: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in pairs:
        entities[p][g] += 1
    mixed = [(p, c) for p, c in entities.items() if len(c) > 1]
    return sorted(mixed, key=lambda m: (-len(m[1]), -sum(m[1].values()), m[0]))


def words(text: str) -> set[str]:
    """The words of a name or role that can tell it apart (longer than two letters)."""
    return {w for w in tokens(text) if len(w) > 2}


def shares_word(name: str, known: set[str]) -> bool:
    """A word of ``name`` is one of ``known``, or ends one or is ended by one («سوما» of
    «السوما»)."""
    return any(a.endswith(b) or b.endswith(a) for a in words(name) for b in known)


def misnamed(event: Event) -> bool:
    """The predicted name shares no word with the entity's name or role: it names another
    speaker or no one. The unknown-source placeholder names nobody and is not counted."""
    if event.predicted_name is None or event.predicted_name == UNKNOWN_SPEAKER:
        return False
    return not shares_word(event.predicted_name, words(f"{event.name} {event.role}"))


def junk_names(events: Sequence[Event], gold: Sequence[Event]) -> Counter[str]:
    """Misnamed ``events`` whose predicted name shares no word with any name or role of the
    ``gold`` either: a name that is not a name («گزارش», «دیگر»), with its number of events."""
    vocabulary = set().union(*(words(f"{e.name} {e.role}") for e in gold))
    return Counter(
        e.predicted_name
        for e in events
        if misnamed(e) and e.predicted_name and not shares_word(e.predicted_name, vocabulary)
    )


def collect(reverse: bool = False) -> list[Event]:
    """The scored events, the gold articles ingested in the gold's order or the reverse."""
    gold = gold_articles()
    order = [article for _, article, _ in gold]
    predicted = ingested_quotes(order[::-1] if reverse else order)
    events: list[Event] = []
    for corpus, article, records in gold:
        events += article_events(corpus, article, records, predicted[article["id"]])
    return events


def report(events: list[Event], worst: int = 10) -> None:
    """Print the figures (and the worst ids and junk names) of ``events``."""
    matched = [e for e in events if e.predicted is not None]
    pairs = [(e.entity, e.predicted) for e in matched if e.predicted is not None]
    names = {e.predicted: e.predicted_name for e in matched}
    precision, recall, f1 = bcubed(pairs)
    whole, several = whole_entities(pairs)
    cross = _cross_article(matched)
    whole_x, several_x = whole_entities([pr for pr in pairs if pr[0] in cross])
    mixed = mixed_ids(pairs)
    wrong = sum(1 for e in matched if misnamed(e))
    junk = junk_names(matched, events)
    print(f"\n== SPEAKER IDS (speaker gold, {_coverage(events)})")
    print(f"{'b3_precision':>18}: {precision:.3f}")
    print(f"{'b3_recall':>18}: {recall:.3f}")
    print(f"{'b3_f1':>18}: {f1:.3f}")
    print(f"{'entities_whole':>18}: {whole}/{several} (entities with 2+ matched events)")
    print(f"{'cross_article':>18}: {whole_x}/{several_x} (entities matched in 2+ articles)")
    print(f"{'mixed_ids':>18}: {len(mixed)}")
    for sid, entities in mixed[:worst]:
        spread = ", ".join(f"{g} {n}" for g, n in entities.most_common())
        print(f"{'':>20}{names[sid]} ({sid}): {spread}")
    print(f"{'misnamed':>18}: {wrong} events (a name sharing no word with the speaker's)")
    print(f"{'junk_names':>18}: {len(junk)} names, {sum(junk.values())} events")
    for name, n in junk.most_common(worst):
        print(f"{'':>20}{name} {n}")
    print(f"{'link_evidence':>18}: events right / events (the fixed confidence)")
    for by, (right, n) in evidence_accuracy(matched).items():
        print(f"{'':>20}{by:<13} {right}/{n} {right / n:.3f} ({CONFIDENCE.get(by or '', '-')})")


def evidence_accuracy(events: Sequence[Event]) -> dict[str | None, tuple[int, int]]:
    """Per kind of link evidence, how many matched events sit under the right id: the id
    that holds most of the event's entity, and whose events are mostly that entity's."""
    by_entity: dict[str, Counter[str]] = defaultdict(Counter)
    by_id: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events:
        if e.predicted is not None:
            by_entity[e.entity][e.predicted] += 1
            by_id[e.predicted][e.entity] += 1
    counts: dict[str | None, list[int]] = {}
    for e in events:
        if e.predicted is None:
            continue
        right = (
            by_entity[e.entity].most_common(1)[0][0] == e.predicted
            and by_id[e.predicted].most_common(1)[0][0] == e.entity
        )
        tally = counts.setdefault(e.link_by, [0, 0])
        tally[0] += right
        tally[1] += 1
    ordered = sorted(counts.items(), key=lambda kv: -kv[1][1])
    return {by: (r, n) for by, (r, n) in ordered}


def _coverage(events: list[Event]) -> str:
    """Events a predicted quote matched, per corpus: the clustering scores see only those."""
    parts = []
    for corpus in CORPORA:
        mine = [e for e in events if e.corpus == corpus]
        parts.append(f"{corpus} {sum(e.predicted is not None for e in mine)}/{len(mine)}")
    return "events matched: " + ", ".join(parts)


def _cross_article(events: list[Event]) -> set[str]:
    seen: dict[str, set[str]] = defaultdict(set)
    for e in events:
        seen[e.entity].add(e.article_id)
    return {g for g, ids in seen.items() if len(ids) > 1}


def order_agreement(first: list[Event], second: list[Event]) -> float:
    """B-cubed F1 of one ingest order's ids against another's, over the events both matched:
    1.0 exactly when the two orders cluster those events the same way."""
    pairs = [
        (a.predicted, b.predicted)
        for a, b in zip(first, second, strict=True)
        if a.predicted is not None and b.predicted is not None
    ]
    return bcubed(pairs)[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=10, help="mixed ids and junk names listed")
    parser.add_argument(
        "--orders", action="store_true", help="also ingest in reverse order and compare clusters"
    )
    args = parser.parse_args()
    events = collect()
    report(events, args.worst)
    if args.orders:
        agreement = order_agreement(events, collect(reverse=True))
        print(f"{'order_agreement':>18}: {agreement:.3f} (reverse ingest order against the gold's)")


if __name__ == "__main__":
    main()
