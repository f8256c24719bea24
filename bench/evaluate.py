"""Score the annotator on each gold development set (``make eval``), one report per set.

Sets: the old corpus (``tests/data/corpus_gold/*.json``, Fars and Varzesh3 articles of
``news.jsonl``), the modern development posts (``tests/data/modern_gold/dev.json``, Telegram posts
of ``modern-news.jsonl``), the later development batches each alone (``modern batch 3`` to
the latest batch: posts annotated before the rules that were then written or tuned, their
honest before-and-after figures; a batch not yet merged into ``dev.json`` is read from
``batch<n>.json``) and, when its file exists, the modern posts annotated only after the rules
were written (``tests/data/modern_gold/unseen.json``): kept apart because that one is the honest
estimate, and a rule tuned on the others must not hide in an average.

Gold stores content (and, for modern posts, mention and cue) as offsets into the raw paragraph;
the corpus text is read at run time and never stored here. The annotator's spans are offsets
into the paragraph as written (the raw line without its surrounding blanks), so each predicted
span is checked to slice the raw line where the gold's offsets would; a cue or mention in an
earlier line than the content is checked against that line. The texts we composed ourselves
are checked rule by rule in ``tests/data/rules.json`` by the test suite instead.

A predicted quote matches a gold one in the same paragraph (the paragraph of the content) when
the token F1 of the two contents is ≥ 0.5; gold quotes marked optional count neither way.
Speaker accuracy: over matched quotes, the predicted canonical name is the gold speaker or one
of its accepted variants (compared folded). Error classes: misses and false quotes by kind,
wrong speakers, and matched quotes whose content is only partly right (token F1 < 0.8). Speaker
ids across articles are scored against ``tests/data/speaker_gold`` by ``bench.speaker_eval``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.nlp import Annotation, annotate
from app.nlp.fold import name_key
from app.nlp.source_map import source_map
from bench.corpus import CORPUS, ROOT, articles, raw_paragraphs
from bench.modern_sample import MODERN, select
from bench.quote_match import best_match, token_f1
from bench.speaker_eval import collect, report

GOLD = ROOT / "tests" / "data" / "corpus_gold"
MODERN_GOLD = ROOT / "tests" / "data" / "modern_gold"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PARTIAL = 0.8
# Later development batches, from the third, are scored alone as well as in dev.json (see the
# module docstring).
_FIRST_ALONE = 3


@dataclass(frozen=True)
class GoldSet:
    name: str
    files: list[Path]
    corpus: Path
    figures_only: bool = False  # the unseen set: its errors are not read, so no rule is tuned on it
    ids: frozenset[str] | None = None  # only these posts of the files (a batch of dev.json)


def gold_sets() -> list[GoldSet]:
    """The sets to score; the unseen one only once someone has annotated it, a batch only once
    it is annotated (in ``dev.json`` or in its own file until it is merged)."""
    dev = MODERN_GOLD / "dev.json"
    sets = [
        GoldSet("old corpus", sorted(GOLD.glob("*.json")), CORPUS),
        GoldSet("modern dev", [dev], MODERN),
    ]
    sample = select()
    for number in range(_FIRST_ALONE, len(sample.batches) + 2):
        pending = MODERN_GOLD / f"batch{number}.json"
        files = [dev, pending] if pending.exists() else [dev]
        ids = frozenset(sample.batch_ids(number))
        if ids & {e["id"] for e in _entries(files)}:
            # A batch not yet merged is an honest estimate only if its errors are not read.
            name = f"modern batch {number}"
            sets.append(GoldSet(name, files, MODERN, figures_only=pending.exists(), ids=ids))
    unseen = MODERN_GOLD / "unseen.json"
    if unseen.exists():
        sets.append(GoldSet("modern unseen", [unseen], MODERN, figures_only=True))
    return sets


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_ok: int = 0
    content_f1: float = 0.0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_speaker: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    missed_kinds: Counter[str] = field(default_factory=Counter)
    false_kinds: Counter[str] = field(default_factory=Counter)

    def report(self) -> dict[str, float]:
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / max(p + r, 1e-9),
            "speaker_accuracy": self.speaker_ok / max(self.tp, 1),
            "content_token_f1": self.content_f1 / max(self.tp, 1),
        }

    def error_classes(self) -> str:
        def kinds(c: Counter[str]) -> str:
            return ", ".join(f"{k} {n}" for k, n in sorted(c.items())) or "-"

        return (
            f"missed {self.fn} ({kinds(self.missed_kinds)}); false {self.fp} "
            f"({kinds(self.false_kinds)}); wrong speaker {len(self.wrong_speaker)}; "
            f"partial content {len(self.partial)}"
        )


def _entries(files: list[Path]) -> list[dict]:
    entries = []
    for path in files:
        entries += json.loads(path.read_text(encoding="utf-8"))
    return entries


def _speaker_matches(predicted: str, gold: dict) -> bool:
    accepted = {name_key(gold["speaker"])} | {name_key(s) for s in gold.get("speaker_ok", [])}
    return name_key(predicted) in accepted


def _gold_text(raw: list[str], g: dict, name: str) -> str:
    """A gold span's text: a string as written, or offsets into its paragraph's raw line."""
    value = g.get(name)
    if not isinstance(value, dict):
        return value or ""
    p = g.get(f"{name}_p", g["p"]) if name != "content" else g["p"]
    return raw[p - 1][value["start"] : value["end"]]


def _check_offsets(aid: str, raw: list[str], annotation: Annotation) -> None:
    """Predicted spans in raw-line offsets: the served paragraph is the raw line stripped."""
    if len(raw) != len(annotation.paragraphs):
        return  # an invisible line is no paragraph: numbers differ, compared by text only
    for q in annotation.quotes:
        placed = (
            (q.mention, q.mention_paragraph),
            (q.cue, q.cue_paragraph),
            (q.content, q.paragraph),
            (q.addressee, q.paragraph),
        )
        for span, p in placed:
            if span is None:
                continue
            line = _CONTROL.sub(" ", raw[(p or q.paragraph) - 1])  # served as spaces
            lead = source_map(line).start
            if line[lead + span.start : lead + span.end] != span.text:
                raise SystemExit(f"{aid} p{p}: a span does not slice the raw line")


def _pair(
    golds: list[tuple[dict, str]],
    where: list[tuple[int, str]],
    p: int,
    content: str,
    speaker: str,
    used: set[int],
) -> tuple[int | None, float]:
    """``best_match``; when gold events have the same words («X به نقل از Y گزارش داد» is two
    events with one content), the one of the predicted speaker is the pair."""
    best, best_f1 = best_match(where, p, content, used)
    if best is None or _speaker_matches(speaker, golds[best][0]):
        return best, best_f1
    for i, (gp, gcontent) in enumerate(where):
        if i in used or i == best or gp != p or not _speaker_matches(speaker, golds[i][0]):
            continue
        if token_f1(gcontent, content) == best_f1:
            return i, best_f1
    return best, best_f1


def score_article(aid: str, text: str, gold: list[dict], score: Score) -> None:
    raw = raw_paragraphs(text)
    annotation = annotate(text)
    _check_offsets(aid, raw, annotation)
    predicted = [
        (q.paragraph, q.content.text, annotation.speaker(q.speaker_key).name, q.cue.text, q.kind)
        for q in annotation.quotes
    ]
    golds = [(g, _gold_text(raw, g, "content")) for g in gold]
    used: set[int] = set()
    where = [(g["p"], gcontent) for g, gcontent in golds]
    for p, content, speaker, cue, kind in predicted:
        best, best_f1 = _pair(golds, where, p, content, speaker, used)
        if best is None:
            score.fp += 1
            score.false_kinds[kind] += 1
            score.false.append(f"{aid} p{p} [{cue}] {speaker}: {content[:90]}")
            continue
        used.add(best)
        g, gcontent = golds[best]
        if g.get("optional"):
            continue
        score.tp += 1
        score.content_f1 += best_f1
        if best_f1 < _PARTIAL:
            score.partial.append(f"{aid} p{p} [{cue}] got {content[:60]!r}, gold {gcontent[:60]!r}")
        if _speaker_matches(speaker, g):
            score.speaker_ok += 1
        else:
            score.wrong_speaker.append(f"{aid} p{p} [{cue}] got {speaker!r}, gold {g['speaker']!r}")
    for i, (g, gcontent) in enumerate(golds):
        if i not in used and not g.get("optional"):
            score.fn += 1
            score.missed_kinds[g["kind"]] += 1
            cue = _gold_text(raw, g, "cue")
            score.misses.append(f"{aid} p{g['p']} [{cue}] {g['speaker']}: {gcontent[:90]}")


def score_set(gold_set: GoldSet, quiet: bool) -> Score:
    gold = {
        e["id"]: e["quotes"]
        for e in _entries(gold_set.files)
        if gold_set.ids is None or e["id"] in gold_set.ids
    }
    score = Score()
    started = time.perf_counter()
    n_gold = sum(1 for qs in gold.values() for q in qs if not q.get("optional"))
    found = 0
    for article in articles(gold_set.corpus):
        if article["id"] in gold:
            score_article(article["id"], article["text"], gold[article["id"]], score)
            found += 1
    if found != len(gold):
        raise SystemExit(f"{gold_set.name}: {len(gold) - found} gold articles are missing")
    print(f"\n######## {gold_set.name}")
    if not quiet and not gold_set.figures_only:
        for title, rows in (
            ("MISSED", score.misses),
            ("FALSE", score.false),
            ("WRONG SPEAKER", score.wrong_speaker),
            ("PARTIAL CONTENT", score.partial),
        ):
            print(f"\n== {title} ({len(rows)})")
            for row in rows:
                print("  " + row)
    seconds = time.perf_counter() - started
    counts = f"articles {found}, gold quotes {n_gold} (+ optional)"
    print(f"\n{gold_set.name}: {counts}, {seconds:.1f} s")
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    scores = [(s.name, score_set(s, args.quiet)) for s in gold_sets()]
    seed = annotate((ROOT / "seeds" / "000_d8346e28cf1fe79f.txt").read_text(encoding="utf-8"))
    print(f"\nseed article: {len(seed.quotes)} quotes, {len(seed.speakers)} speakers")
    names = [name for name, _ in scores]
    print(f"\n{'':>18}  " + "  ".join(f"{n:>14}" for n in names))
    figures = [score.report() for _, score in scores]
    for metric in figures[0]:
        print(f"{metric:>18}: " + "  ".join(f"{f[metric]:>14.3f}" for f in figures))
    print(f"{'tp fp fn':>18}: " + "  ".join(f"{f'{s.tp} {s.fp} {s.fn}':>14}" for _, s in scores))
    for name, score in scores:
        print(f"{'errors ' + name:>18}: {score.error_classes()}")
    report(collect())


if __name__ == "__main__":
    main()
