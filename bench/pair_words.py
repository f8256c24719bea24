"""Writes ``app/nlp/data/pair_words.txt``: the search keys common enough that a phrase of two
of them needs postings of its own (``app/store/search_index.py``).

A key's document frequency is counted over every paragraph of both corpora (the old articles
and the modern posts), and the ``--top`` commonest keys are written, commonest first. The file
holds words, one a line, never a sentence of the corpus. Changing it changes what the index
holds: bump ``INDEX_VERSION`` with it (a test holds the two together).

    python -m bench.pair_words [--top 500]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from app.nlp.search_keys import keys
from bench.corpus import CORPUS, articles, raw_paragraphs

OUT = Path(__file__).resolve().parents[1] / "app" / "nlp" / "data" / "pair_words.txt"
HEADER = """\
# Search keys common enough that a phrase of two of them in a row is indexed as a pair
# (app/store/search_index.py); a phrase with any other word is found from its rarest word.
# Written by `python -m bench.pair_words --top {top}` (document frequency over both corpora),
# commonest first. Bump INDEX_VERSION when it changes.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=500)
    args = parser.parse_args()
    df: Counter[str] = Counter()
    for name in ("news.jsonl", "modern-news.jsonl"):
        for article in articles(CORPUS.parent / name):
            for paragraph in raw_paragraphs(article["text"]):
                df.update({k.key for k in keys(paragraph)})
    top = [key for key, _ in df.most_common(args.top)]
    OUT.write_text(HEADER.format(top=args.top) + "\n".join(top) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(top)} keys, the last in {df[top[-1]]:,} paragraphs")


if __name__ == "__main__":
    main()
