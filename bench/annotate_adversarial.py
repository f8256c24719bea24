"""The annotator's worst case: adversarial paragraphs at growing sizes, one core, CPU time.

Each shape is one paragraph made by repeating a unit that makes some rule do work per match:
thousands of sentence ends among guillemets, cues in one sentence, colons that open direct
speech, unbalanced « », according-to phrases, distinct speakers to resolve, and a real corpus
paragraph (read from ``../shared/corpus`` at run time, never stored here) repeated. For each
shape it prints the seconds at each size and the growth factor per 10x of size: about 10 is
linear, about 100 is quadratic.

Exits with status 1 when any growth factor exceeds ``--max-growth`` (20 by default), so that a
quadratic path shows up as a failure. Run by hand (``python -m bench.annotate_adversarial``);
the figures go in reports, never into a test.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable
from itertools import count, pairwise, product

from app.nlp import annotate
from bench.corpus import articles

_GIVEN = ["علی", "محمد", "رضا", "حسن", "مهدی", "سعید", "مریم", "زهرا", "فاطمه", "حمید"]
_LETTERS = "بپتجچدرزسشفکگلمنوهی"


def names() -> Callable[[int], str]:
    """Distinct full names: a given name and a surname of letters no other surname repeats."""
    surnames = (
        "".join(p)
        for n in count(3)
        for p in product(_LETTERS, repeat=n)
        if all(a != b for a, b in pairwise(p))  # normalize keeps «ببب» as «بب»
    )
    pairs = ((g, s) for s in surnames for g in _GIVEN[:3])
    return lambda _: "{} {}ی".format(*next(pairs))


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda _: unit


def _corpus_paragraph() -> Callable[[int], str]:
    """The longest corpus paragraph that has a quote (the first 300 articles looked at)."""
    best = ""
    for n, article in enumerate(articles()):
        if n >= 300:
            break
        for line in article["text"].split("\n"):
            if "گفت" in line and "«" in line and len(line) > len(best):
                best = line
    return lambda _: best + " "


# The shapes made of text alone, shared with tests/nlp/test_linear.py, which counts their calls.
SYNTHETIC: dict[str, Callable[[], Callable[[int], str]]] = {
    "«ا». (guillemets, sentence ends)": lambda: _repeat("«ا». "),
    "گفت (cues, one sentence)": lambda: _repeat("گفت "),
    "وی گفت: (colons)": lambda: _repeat("وی گفت: "),
    "وی گفت: «x». (pronouns)": lambda: _repeat("وی گفت: «x». "),
    "«« » (unbalanced)": lambda: _repeat("«« » "),
    "«« » گفت «ا». » (mixed)": lambda: _repeat("«« » گفت «ا». » "),
    "no sentence end": lambda: _repeat("او در دیدار با وزیر گفت که "),
    "گفت و (no content)": lambda: _repeat("گفت و "),
    "افزود و (no content, «بر» rule)": lambda: _repeat("افزود و "),
    "«x» گفت و (skipped cues, closed « »)": lambda: _repeat("«x» گفت و "),
    "به گزارش (according to)": lambda: _repeat("به گزارش "),
    "به گزارش فارس، وزیر گفت": lambda: _repeat("به گزارش فارس، وزیر گفت "),
    "X Y گفت: «x». (distinct names)": lambda: (lambda name: lambda n: f"{name(n)} گفت: «x». ")(
        names()
    ),
    "آقای X Y، رئیس گفت (honorifics)": lambda: (
        lambda name: lambda n: f"آقای {name(n)}، رئیس گفت. "
    )(names()),
}
SHAPES = {**SYNTHETIC, "corpus paragraph repeated": _corpus_paragraph}


def paragraph(units: Callable[[int], str], size: int) -> str:
    """Units joined until the paragraph holds ``size`` characters."""
    parts, length = [], 0
    for n in count():
        if length >= size:
            break
        unit = units(n)
        parts.append(unit)
        length += len(unit)
    return "".join(parts)[:size]


def seconds(text: str, runs: int = 3, min_total: float = 1.0) -> float:
    """CPU seconds of one ``annotate``: the best of ``runs`` runs, or of as many as fit in
    ``min_total`` seconds, so that a neighbour's burst does not pass for growth."""
    times: list[float] = []
    while len(times) < runs and sum(times) < min_total:
        started = time.process_time()
        annotate(text)
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000", help="KB, comma-separated")
    parser.add_argument("--shapes", default="", help="substrings of shape names to run")
    parser.add_argument("--max-growth", type=float, default=20.0, help="per 10x of size")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    sizes = [int(s) for s in args.sizes.split(",")]
    annotate("علی گفت: «سلام».")  # build the cached hazm objects and regexes once
    header = "".join(f"{s:>9} KB" for s in sizes)
    print(f"{'shape':<36}{header}   growth per 10x")
    worst = 0.0
    for name, make in SHAPES.items():
        if args.shapes and not any(s in name for s in args.shapes.split(",")):
            continue
        units = make()
        times = [seconds(paragraph(units, kb * 1000)) for kb in sizes]
        growth = [
            (b / a) ** (1 / math.log10(sb / sa))
            for a, b, sa, sb in zip(times, times[1:], sizes, sizes[1:], strict=False)
        ]
        worst = max([worst, *growth])
        cells = "".join(f"{t:11.3f}s" for t in times)
        print(f"{name:<36}{cells}   " + "  ".join(f"{g:5.1f}x" for g in growth), flush=True)
    print(f"worst growth per 10x: {worst:.1f}x (limit {args.max_growth:g}x)")
    if worst > args.max_growth:
        sys.exit(1)


if __name__ == "__main__":
    main()
