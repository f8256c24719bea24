"""Search-key throughput: ``index_text`` over every paragraph of the corpus (ingest pays it once
per paragraph and quote) and ``keys`` (a query, and each snippet shown) on one core, CPU time.

The first pass over the first corpus pays for loading the word lists and filling the word
caches; the later passes show the steady state. Run by hand; figures go in commit messages.

    python -m bench.index_keys [--corpus news.jsonl modern-news.jsonl] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import time

from app.nlp.search_keys import index_text, keys
from bench.corpus import CORPUS, articles, raw_paragraphs

SHARED = CORPUS.parent


def _ms(work, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    started = time.process_time()
    for text in texts:
        work(text)
    return (time.process_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", nargs="+", default=["news.jsonl", "modern-news.jsonl"])
    parser.add_argument("--repeat", type=int, default=2, help="warm passes after the first")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    for name in args.corpus:
        paragraphs = [p for a in articles(SHARED / name) for p in raw_paragraphs(a["text"])]
        passes = [_ms(index_text, paragraphs) for _ in range(1 + args.repeat)]
        warm = min(passes[1:]) if args.repeat else passes[0]
        print(
            f"{name}: {len(paragraphs):,} paragraphs; index_text first pass {passes[0]:,.0f} ms,"
            f" warm {warm:,.0f} ms ({1000 * warm / len(paragraphs):.1f} µs a paragraph);"
            f" keys warm {_ms(keys, paragraphs):,.0f} ms"
        )


if __name__ == "__main__":
    main()
