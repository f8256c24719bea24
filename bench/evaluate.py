"""Score the annotator on the gold development set (``make eval``).

Gold: ``tests/data/corpus_gold/*.json``, corpus articles annotated by the guidelines in
``../shared/annotation`` (content as offsets into the raw paragraph; the corpus text is read at
run time and never stored here). The annotator's spans are offsets into the paragraph as written
(the raw line without its surrounding blanks), so each predicted span is checked to slice the
raw line where the gold's offsets would. The texts we composed ourselves are checked rule by
rule in ``tests/data/rules.json`` by the test suite instead. A predicted quote matches a gold
one in the same paragraph when the token F1 of the two contents is ≥ 0.5; gold quotes marked
optional count neither way. Speaker accuracy: over matched quotes, the predicted canonical name
is the gold speaker or one of its accepted variants (compared folded). Speaker ids across
articles are scored against ``tests/data/speaker_gold`` by ``bench.speaker_eval``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass, field

from app.nlp import Annotation, annotate
from app.nlp.fold import name_key
from app.nlp.source_map import source_map
from bench.corpus import ROOT, articles, raw_paragraphs
from bench.quote_match import best_match
from bench.speaker_eval import collect, report

GOLD = ROOT / "tests" / "data" / "corpus_gold"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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


def _gold_sets() -> list[dict]:
    entries = []
    for path in sorted(GOLD.glob("*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))
    return entries


def _speaker_matches(predicted: str, gold: dict) -> bool:
    accepted = {name_key(gold["speaker"])} | {name_key(s) for s in gold.get("speaker_ok", [])}
    return name_key(predicted) in accepted


def _check_offsets(aid: str, raw: list[str], annotation: Annotation) -> None:
    """Predicted spans in raw-line offsets: the served paragraph is the raw line stripped."""
    if len(raw) != len(annotation.paragraphs):
        return  # an invisible line is no paragraph: numbers differ, compared by text only
    for q in annotation.quotes:
        line = _CONTROL.sub(" ", raw[q.paragraph - 1])  # served as spaces, one for one
        lead = source_map(line).start
        for span in (q.mention, q.cue, q.content, q.addressee):
            if span is not None and line[lead + span.start : lead + span.end] != span.text:
                raise SystemExit(f"{aid} p{q.paragraph}: a span does not slice the raw line")


def score_article(aid: str, text: str, gold: list[dict], score: Score) -> None:
    raw = raw_paragraphs(text)
    annotation = annotate(text)
    _check_offsets(aid, raw, annotation)
    predicted = [
        (q.paragraph, q.content.text, annotation.speaker(q.speaker_key).name, q.cue.text)
        for q in annotation.quotes
    ]
    golds = []
    for g in gold:
        c = g["content"]
        content = raw[g["p"] - 1][c["start"] : c["end"]] if isinstance(c, dict) else c
        golds.append((g, content))
    used: set[int] = set()
    where = [(g["p"], gcontent) for g, gcontent in golds]
    for p, content, speaker, cue in predicted:
        best, best_f1 = best_match(where, p, content, used)
        if best is None:
            score.fp += 1
            score.false.append(f"{aid} p{p} [{cue}] {speaker}: {content[:90]}")
            continue
        used.add(best)
        g, _ = golds[best]
        if g.get("optional"):
            continue
        score.tp += 1
        score.content_f1 += best_f1
        if _speaker_matches(speaker, g):
            score.speaker_ok += 1
        else:
            score.wrong_speaker.append(f"{aid} p{p} [{cue}] got {speaker!r}, gold {g['speaker']!r}")
    for i, (g, gcontent) in enumerate(golds):
        if i not in used and not g.get("optional"):
            score.fn += 1
            score.misses.append(f"{aid} p{g['p']} [{g['cue']}] {g['speaker']}: {gcontent[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    gold = {e["id"]: e["quotes"] for e in _gold_sets()}
    score = Score()
    started = time.perf_counter()
    n_gold = sum(1 for qs in gold.values() for q in qs if not q.get("optional"))
    found = 0
    for article in articles():
        if article["id"] in gold:
            score_article(article["id"], article["text"], gold[article["id"]], score)
            found += 1
    if found != len(gold):
        raise SystemExit(f"{len(gold) - found} gold articles are missing from the corpus")
    if not args.quiet:
        for title, rows in (
            ("MISSED", score.misses),
            ("FALSE", score.false),
            ("WRONG SPEAKER", score.wrong_speaker),
        ):
            print(f"\n== {title} ({len(rows)})")
            for row in rows:
                print("  " + row)
    seconds = time.perf_counter() - started
    print(f"\narticles {found}, gold quotes {n_gold} (+ optional), {seconds:.1f} s")
    seed = annotate((ROOT / "seeds" / "000_d8346e28cf1fe79f.txt").read_text(encoding="utf-8"))
    print(f"seed article: {len(seed.quotes)} quotes, {len(seed.speakers)} speakers")
    for name, value in score.report().items():
        print(f"{name:>18}: {value:.3f}")
    print(f"{'tp fp fn':>18}: {score.tp} {score.fp} {score.fn}")
    report(collect())


if __name__ == "__main__":
    main()
