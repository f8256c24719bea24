"""Candidates for ``app/nlp/data/joined_words.txt``: words the corpus writes with a ZWNJ inside.

Reads the shared corpus at run time (nothing of it is written to the repository) and prints, for
each word written as parts joined by ZWNJ (inflectional affixes set aside: «می‌»، «‌ها»، «‌ای» …),
how often it is written with the ZWNJ, with a space and solid, and whether hazm's word list has
it. A person picks from this list, by hand, the names and the compounds whose parts mean
something else; the committed list holds only those words, never text of the corpus.

    python -m bench.joined_candidates [--min 20] [--top 600]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from collections import Counter

from app.nlp.fold import search_fold
from app.nlp.search_keys import PREFIXES, SUFFIXES
from bench.corpus import ROOT

CORPORA = [ROOT.parent / "shared" / "corpus" / n for n in ("news.jsonl", "modern-news.jsonl")]
_TOKEN = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*")


def _hazm_joined() -> set[str]:
    from hazm.utils import words_list

    return {search_fold(w).replace("\u200c", "") for w, _, _ in words_list()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min", type=int, default=20, help="least ZWNJ spellings to list")
    parser.add_argument("--top", type=int, default=600, help="how many candidates to print")
    args = parser.parse_args()
    zwnj: Counter[tuple[str, ...]] = Counter()
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for path in CORPORA:
        with path.open(encoding="utf-8") as f:
            for line in f:
                tokens = _TOKEN.findall(search_fold(json.loads(line)["text"]))
                words.update(tokens)
                pairs.update(a + " " + b for a, b in itertools.pairwise(tokens))
                for token in tokens:
                    parts = token.split("\u200c")
                    while parts and parts[-1] in SUFFIXES:
                        parts.pop()
                    while parts and parts[0] in PREFIXES:
                        parts.pop(0)
                    if len(parts) > 1:
                        zwnj[tuple(parts)] += 1
    hazm = _hazm_joined()
    print("zwnj\tspace\tsolid\thazm\tparts")
    for parts, n in zwnj.most_common(args.top):
        if n < args.min:
            break
        space = pairs[" ".join(parts)] if len(parts) == 2 else 0
        solid = words["".join(parts)]
        flag = "H" if "".join(parts) in hazm else ""
        print(f"{n}\t{space}\t{solid}\t{flag}\t{' '.join(parts)}")


if __name__ == "__main__":
    main()
