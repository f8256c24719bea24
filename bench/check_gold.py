"""Check the modern-news gold (``dev.json``, ``unseen.json`` and a later batch not yet merged,
``batch<n>.json``, in ``tests/data/modern_gold/``).

The gold stores only offsets into the raw paragraphs, so a slip (a span shifted by one, a
paragraph number off, a colon or « left inside the content) is invisible in the file itself;
this reads the corpus at run time and checks every span. ``--show`` prints each span's text for
a human review (to the terminal only: the corpus text never enters the repository), but
not those of ``unseen.json``.

    python -m bench.check_gold [--show]
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from bench.corpus import articles, raw_paragraphs
from bench.modern_sample import MODERN, OUT, select

KINDS = {"direct", "indirect", "according_to"}
SPEAKER_KINDS = {"person", "organization", "anonymous"}
KEYS = {
    "p",
    "speaker",
    "speaker_ok",
    "speaker_kind",
    "mention",
    "cue",
    "content",
    "kind",
    "optional",
}
OPTIONAL_KEYS = {"cue_p", "mention_p"}
# Invisible characters count as blanks at a span's edge, the same as spaces.
_BLANK = {"\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"}


def _wordlike(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def span_errors(para: str, span: dict, what: str) -> list[str]:
    s, e = span.get("start"), span.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(para)):
        return [f"{what} {s}:{e} outside the paragraph (length {len(para)})"]
    errors = []
    text = para[s:e]
    if text[0].isspace() or text[0] in _BLANK or text[-1].isspace() or text[-1] in _BLANK:
        errors.append(f"{what} starts or ends in a blank")
    if s > 0 and _wordlike(para[s - 1]) and _wordlike(text[0]):
        errors.append(f"{what} starts inside a word")
    if e < len(para) and _wordlike(para[e]) and _wordlike(text[-1]):
        errors.append(f"{what} ends inside a word")
    return errors


def _guillemet_errors(text: str) -> list[str]:
    """Content keeps inner «» pairs but not the marks that enclose it or a stray edge mark."""
    errors = []
    if text[0] == "«":
        depth, closes = 0, None
        for i, ch in enumerate(text):
            depth += (ch == "«") - (ch == "»")
            if depth == 0:
                closes = i
                break
        if closes is None or closes == len(text) - 1:
            errors.append("content keeps its opening «")
    if text[-1] == "»" and text.count("«") < text.count("»"):
        errors.append("content keeps a closing »")
    if text[0] in ':"' or text.startswith("که "):
        errors.append("content starts with a colon, a quote mark or که")
    if text[-1] == ".":
        errors.append("content keeps the final period")
    return errors


def _overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def quote_errors(raw: list[str], q: dict) -> list[str]:
    missing, unknown = KEYS - set(q), set(q) - KEYS - OPTIONAL_KEYS
    if missing or unknown:
        return [f"keys missing {sorted(missing)} or unknown {sorted(unknown)}"]
    n = len(raw)
    p, cue_p = q["p"], q.get("cue_p", q["p"])
    mention_p = q.get("mention_p", p)
    if not all(isinstance(x, int) and 1 <= x <= n for x in (p, cue_p, mention_p)):
        return [f"paragraph number out of 1..{n}"]
    if ("cue_p" in q and cue_p == p) or ("mention_p" in q and mention_p == p):
        return ["cue_p or mention_p given but equal to p"]
    errors = []
    if q["kind"] not in KINDS or q["speaker_kind"] not in SPEAKER_KINDS:
        errors.append("unknown kind or speaker_kind")
    if not isinstance(q["optional"], bool) or not isinstance(q["speaker"], str):
        errors.append("optional must be a bool and speaker a string")
    if not isinstance(q["speaker_ok"], list) or not all(
        isinstance(s, str) for s in q["speaker_ok"]
    ):
        errors.append("speaker_ok must be a list of strings")
    errors += span_errors(raw[p - 1], q["content"], "content")
    errors += span_errors(raw[cue_p - 1], q["cue"], "cue")
    if q["mention"] is not None:
        errors += span_errors(raw[mention_p - 1], q["mention"], "mention")
    if errors:
        return errors
    errors += _guillemet_errors(raw[p - 1][q["content"]["start"] : q["content"]["end"]])
    if cue_p == p and _overlap(q["cue"], q["content"]):
        errors.append("content overlaps the cue")
    if q["mention"] is not None and mention_p == p and _overlap(q["mention"], q["content"]):
        errors.append("content overlaps the mention")
    return errors


def _text(raw: list[str], span: dict | None, p: int) -> str | None:
    return None if span is None else raw[p - 1][span["start"] : span["end"]]


def _check_part(
    name: str, gold: list[dict], selected: list[str], texts: dict[str, str], show: bool
) -> tuple[list[str], str]:
    """Check one gold file against its part of the selection; return problems and a count line."""
    problems = []
    ids = [entry["id"] for entry in gold]
    if ids != [i for i in selected if i in set(ids)]:
        problems.append(f"{name} holds ids outside its selection, repeats or reorders them")
    missing = len(set(selected) - set(ids))
    total = optional = 0
    for entry in gold:
        raw = raw_paragraphs(texts[entry["id"]])
        if show:
            print(f"== {entry['id']} ({len(entry['quotes'])} quotes)")
        for q in entry["quotes"]:
            total += 1
            optional += bool(q.get("optional"))
            for error in quote_errors(raw, q):
                problems.append(f"{name} {entry['id']} p{q.get('p')}: {error}")
            if show and not quote_errors(raw, q):
                cue_p = q.get("cue_p", q["p"])
                mention = _text(raw, q["mention"], q.get("mention_p", q["p"]))
                cue = _text(raw, q["cue"], cue_p)
                flag = " optional" if q["optional"] else ""
                print(f"  p{q['p']} {q['kind']}{flag} [{q['speaker']}] {mention!r} / {cue!r}")
                print(f"      {_text(raw, q['content'], q['p'])}")
    count = f"{name}: posts {len(gold)} (not yet annotated: {missing}), quotes {total}"
    return problems, f"{count} ({optional} optional)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every span (terminal only)")
    args = parser.parse_args()
    unseen = json.loads((OUT / "unseen_ids.json").read_text(encoding="utf-8"))
    sample = select()
    dev_ids = sample.dev_ids
    problems = []
    if unseen != [post["id"] for post in sample.unseen] or set(unseen) & set(dev_ids):
        problems.append("unseen_ids.json differs from the selection or overlaps dev")
    # The unseen part is annotated later, by someone else, so its file may not exist yet.
    parts = [("dev.json", dev_ids), ("unseen.json", unseen)]
    # A later batch annotated but not yet merged into dev.json is checked in its own file.
    for number in range(2, len(sample.batches) + 2):
        if (OUT / f"batch{number}.json").exists():
            parts.append((f"batch{number}.json", list(sample.batch_ids(number))))
    golds = {
        name: json.loads((OUT / name).read_text(encoding="utf-8"))
        for name, _ in parts
        if (OUT / name).exists()
    }
    wanted = {entry["id"] for gold in golds.values() for entry in gold}
    texts = {post["id"]: post["text"] for post in articles(MODERN) if post["id"] in wanted}
    counts = []
    for name, selected in parts:
        if name in golds:
            # The unseen labels are checked but never shown: no rule is tuned on them.
            show = args.show and name != "unseen.json"
            found, count = _check_part(name, golds[name], selected, texts, show)
            problems += found
            counts.append(count)
    for problem in problems:
        print("PROBLEM", problem)
    for count in counts:
        print(count)
    print(f"problems {len(problems)}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
