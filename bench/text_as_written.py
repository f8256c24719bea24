"""Opt-in corpus check that articles are served as written (issue 14).

For every article of ``news.jsonl`` and ``modern-news.jsonl`` (``../shared/corpus``, read at
run time): each served paragraph must equal its source line (stripped, control characters as
spaces), the normalized text must equal ``normalize`` of it, and every span of every quote
must lie within its paragraph, slice it to the span's text, and hold what the rules found in
the normalized text (the same letters and digits, folded). Prints counts; exits 1 on any
failure (the first few are printed, to the terminal only).

    python -m bench.text_as_written [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from app.nlp.annotate import annotate, annotate_paragraphs
from app.nlp.fold import name_key
from app.nlp.normalize import normalize
from app.nlp.segment import split_paragraphs
from app.nlp.source_map import source_map
from bench.corpus import CORPUS, articles

FILES = ("news.jsonl", "modern-news.jsonl")
SPANS = ("mention", "cue", "content", "addressee")
_WORD = re.compile(r"\w")


def _letters(text: str) -> str:
    """Letters and digits, folded: punctuation may change with its context in normalization
    (a pair of ``"`` becomes « »), so spans are compared by what they say."""
    return "".join(_WORD.findall(name_key(normalize(text))))


def check_article(text: str, counts: Counter[str], failures: list[str], aid: str) -> None:
    """Check one article, counting what was checked and recording what failed."""
    maps = [m for m in (source_map(line) for line in split_paragraphs(text)) if m.text]
    served = annotate(text)
    counts["articles"] += 1
    counts["paragraphs"] += len(maps)
    if served.paragraphs != [m.source for m in maps]:
        failures.append(f"{aid}: paragraphs differ from the source lines")
    for n, m in enumerate(maps, start=1):
        if m.text != normalize(m.source):
            failures.append(f"{aid} p{n}: tracked normalization differs from normalize()")
    normalized = annotate_paragraphs([m.text for m in maps])
    if len(normalized.quotes) != len(served.quotes):
        failures.append(f"{aid}: {len(normalized.quotes)} quotes normalized, {len(served.quotes)}")
        return
    for q_norm, q in zip(normalized.quotes, served.quotes, strict=True):
        counts["quotes"] += 1
        paragraph = served.paragraphs[q.paragraph - 1]
        for name in SPANS:
            span, was = getattr(q, name), getattr(q_norm, name)
            if span is None and was is None:
                continue
            counts["spans"] += 1
            where = f"{aid} p{q.paragraph} {name}"
            if span is None or was is None:
                failures.append(f"{where}: lost or gained")
            elif not 0 <= span.start <= span.end <= len(paragraph):
                failures.append(f"{where}: {span.start}:{span.end} out of bounds")
            elif paragraph[span.start : span.end] != span.text:
                failures.append(f"{where}: text does not slice the paragraph")
            elif span.start == span.end or span.text != span.text.strip():
                failures.append(f"{where}: empty or with blanks at an edge: {span.text!r}")
            elif _letters(span.text) != _letters(was.text):
                failures.append(f"{where}: {span.text!r} for normalized {was.text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles per file (all)")
    parser.add_argument("--show", type=int, default=10, help="failures to print")
    args = parser.parse_args(argv)
    folder = Path(CORPUS).parent
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for name in FILES:
        for i, article in enumerate(articles(folder / name)):
            if args.limit is not None and i >= args.limit:
                break
            check_article(article["text"], counts, failures, article["id"])
        print(
            f"{name}: articles {counts['articles']}, paragraphs {counts['paragraphs']}, "
            f"quotes {counts['quotes']}, spans {counts['spans']} (running totals)",
            flush=True,
        )
    for failure in failures[: args.show]:
        print("  " + failure)
    print(f"failures {len(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
