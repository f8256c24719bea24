"""Validate the speaker-identity gold (``tests/data/speaker_gold``) against the corpus.

Each record points into the raw paragraph of a corpus article, so a slip in an offset or an
entity key shows only against the text: this script checks what can be checked (the article
exists and is not held out, offsets lie inside the paragraph, no span starts or ends with white
space or a joiner, the content leaves the cue out (a cue may stand on an earlier line, ``cue_p``,
as Telegram's ``X:`` labels do), one kind and one name per entity key, keys
follow the conventions of the README) and prints the figures the README reports.

``--print`` writes every event (article id, paragraph, entity, cue, content) to the terminal for
a reviewing pass; that output holds corpus text, so it is never to be saved in the repository.
Exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict

from bench.corpus import ROOT, articles, raw_paragraphs
from bench.speaker_sample import CORPORA, HELDOUT

GOLD = ROOT / "tests" / "data" / "speaker_gold"
FILES = {"old": GOLD / "old.json", "modern": GOLD / "modern.json"}
KINDS = {"person", "organization", "anonymous"}
_GLOBAL_KEY = re.compile(r"^(person|org)/[a-z0-9]+(?:-[a-z0-9]+)*$")
_LOCAL_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters a span must not start or end with: they are invisible and no annotator agrees on them.
_EDGE = " \t\n\u00a0\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_REQUIRED = {"p", "cue", "content", "entity", "kind", "name"}
_ALLOWED = _REQUIRED | {"cue_p", "role", "note", "optional"}


def load_gold() -> dict[str, list[dict]]:
    return {corpus: json.loads(path.read_text(encoding="utf-8")) for corpus, path in FILES.items()}


def _span_errors(par: str, span: dict, what: str) -> list[str]:
    s, e = span.get("start"), span.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(par)):
        return [f"{what} {s}:{e} outside the paragraph (length {len(par)})"]
    text = par[s:e]
    if text[0] in _EDGE or text[-1] in _EDGE:
        return [f"{what} {s}:{e} starts or ends with white space or a joiner"]
    return []


def record_errors(record: dict, paragraphs: list[str], article_id: str) -> list[str]:
    missing = _REQUIRED - record.keys()
    extra = record.keys() - _ALLOWED
    if missing or extra:
        return [f"fields missing {sorted(missing)} / unknown {sorted(extra)}"]
    p = record["p"]
    if not (isinstance(p, int) and 1 <= p <= len(paragraphs)):
        return [f"no paragraph {p} (the article has {len(paragraphs)})"]
    cue_p = record.get("cue_p", p)
    if not (isinstance(cue_p, int) and 1 <= cue_p < p) and "cue_p" in record:
        return [f"cue_p {cue_p} must name an earlier paragraph than p {p}"]
    par = paragraphs[p - 1]
    errors = _span_errors(paragraphs[cue_p - 1], record["cue"], "cue")
    errors += _span_errors(par, record["content"], "content")
    if not errors and cue_p == p:
        cue, content = record["cue"], record["content"]
        if cue["start"] < content["end"] and content["start"] < cue["end"]:
            errors.append("content overlaps the cue")
    if record["kind"] not in KINDS:
        errors.append(f"kind {record['kind']!r}")
    key = record["entity"]
    if "#" in key:
        owner, slug = key.split("#", 1)
        if owner != article_id or not _LOCAL_SLUG.match(slug):
            errors.append(f"per-article key {key!r} must be '{article_id}#<slug>'")
    elif not _GLOBAL_KEY.match(key):
        errors.append(f"entity key {key!r} is neither person/<slug>, org/<slug> nor <id>#<slug>")
    elif key.startswith("person/") != (record["kind"] == "person"):
        errors.append(f"{key!r} has kind {record['kind']!r}")
    if not record["name"].strip():
        errors.append("empty name")
    return errors


def check(gold: dict[str, list[dict]], show: bool = False) -> tuple[list[str], dict]:
    heldout = set(json.loads(HELDOUT.read_text(encoding="utf-8")))
    errors: list[str] = []
    labels: dict[str, set[tuple[str, str]]] = defaultdict(set)
    articles_of: dict[str, set[str]] = defaultdict(set)
    quotes_of: dict[str, int] = defaultdict(int)
    per_corpus = {}
    for corpus, entries in gold.items():
        wanted = [entry["id"] for entry in entries]
        if len(set(wanted)) != len(wanted):
            errors.append(f"{corpus}: an article is listed twice")
        texts = {a["id"]: a["text"] for a in articles(CORPORA[corpus]) if a["id"] in set(wanted)}
        n_quotes = 0
        for entry in entries:
            article_id = entry["id"]
            if article_id in heldout:
                errors.append(f"{article_id}: held-out article")
            if article_id not in texts:
                errors.append(f"{article_id}: not in {CORPORA[corpus].name}")
                continue
            paragraphs = raw_paragraphs(texts[article_id])
            for i, record in enumerate(entry["quotes"]):
                found = record_errors(record, paragraphs, article_id)
                errors += [f"{article_id} quote {i}: {message}" for message in found]
                if found:
                    continue
                n_quotes += 1
                key = record["entity"]
                labels[key].add((record["kind"], record["name"]))
                articles_of[key].add(article_id)
                quotes_of[key] += 1
                if show:
                    _print(article_id, paragraphs, record)
        per_corpus[corpus] = {"articles": len(entries), "quotes": n_quotes}
    for key, seen in labels.items():
        if len(seen) > 1:
            errors.append(f"{key}: several kinds or names {sorted(seen)}")
    return errors, _stats(per_corpus, articles_of, quotes_of)


def _stats(per_corpus: dict, articles_of: dict, quotes_of: dict) -> dict:
    multi = {k: sorted(v) for k, v in articles_of.items() if len(v) > 1}
    total = sum(quotes_of.values())
    in_multi = sum(quotes_of[k] for k in multi)
    return {
        "per_corpus": per_corpus,
        "quotes": total,
        "entities": len(articles_of),
        "per_article_keys": sum(1 for k in articles_of if "#" in k),
        "multi_article_entities": {k: (len(v), quotes_of[k]) for k, v in sorted(multi.items())},
        "quotes_of_multi_article_entities": in_multi,
        "share_of_multi_article_entities": round(in_multi / total, 3) if total else 0.0,
    }


def _print(article_id: str, paragraphs: list[str], record: dict) -> None:
    p = record["p"]
    cue_p = record.get("cue_p", p)
    cue = paragraphs[cue_p - 1][record["cue"]["start"] : record["cue"]["end"]]
    content = paragraphs[p - 1][record["content"]["start"] : record["content"]["end"]]
    where = f"p{p}" if cue_p == p else f"p{p} (cue in p{cue_p})"
    flag = " (optional)" if record.get("optional") else ""
    print(f"{article_id} {where} {record['entity']}{flag}\n  [{cue}] {content}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--print", dest="show", action="store_true", help="print every event")
    args = parser.parse_args()
    errors, stats = check(load_gold(), show=args.show)
    multi = stats.pop("multi_article_entities")
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    print("entities quoted in several articles (articles, quotes):")
    for key, (n_articles, n_quotes) in multi.items():
        print(f"  {key}: {n_articles}, {n_quotes}")
    for message in errors:
        print("ERROR", message, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
