"""Annotator throughput on the corpus, on one core (``make bench``).

Reports articles per second for the whole annotator next to hazm's own normalize +
word-tokenize over the same text (the floor any hazm-based annotator stands on). Run by hand;
the figures go in the README, never into a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import hazm

from app.nlp import annotate
from app.nlp.normalize import normalize
from bench.corpus import articles


def _rate(texts: list[str], work, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    rates = []
    for _ in range(repeat):
        started = time.process_time()
        for text in texts:
            work(text)
        rates.append(len(texts) / (time.process_time() - started))
    return rates


def hazm_baseline() -> Callable[[str], None]:
    """hazm's own normalize + word_tokenize of every line of an article."""
    tokenizer = hazm.WordTokenizer()
    normalizer = hazm.Normalizer()

    def work(text: str) -> None:
        for line in text.split("\n"):
            tokenizer.tokenize(normalizer.normalize(line))

    return work


def hazm_rate(texts: list[str], repeat: int = 1) -> float:
    """hazm's articles per CPU second over ``texts`` (the best of ``repeat`` rounds)."""
    return max(_rate(texts, hazm_baseline(), repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = [a["text"] for a in articles()]
    annotate(texts[0])  # build the cached hazm objects and regexes once

    def ours_normalize(text: str) -> None:
        for line in text.split("\n"):
            normalize(line)

    print(f"{len(texts)} articles, {sum(map(len, texts)):,} characters, one core, CPU time")
    works = {
        "hazm normalize + word_tokenize": hazm_baseline(),
        "goftar normalize only": ours_normalize,
        "goftar annotate (whole pipeline)": annotate,
    }
    # Interleaved rounds, so that a noisy neighbour slows every contender alike.
    rates: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(args.repeat):
        for name, work in works.items():
            rates[name] += _rate(texts, work, 1)
    for name, r in rates.items():
        print(f"{name:>34}: {statistics.median(r):7.1f} articles/s (best {max(r):.1f})")
    ratio = [
        a / b
        for a, b in zip(
            rates["goftar annotate (whole pipeline)"],
            rates["hazm normalize + word_tokenize"],
            strict=True,
        )
    ]
    print(f"{'annotate / hazm baseline':>34}: {statistics.median(ratio):7.2f}")


if __name__ == "__main__":
    main()
