"""Choose the articles of the speaker-identity gold (``tests/data/speaker_gold``).

Speaker ids are hard where one person appears under several forms across articles (surname,
full name, role) and where different people share a surname, a full name or a role. A uniform
sample of the corpus holds few such pairs, so this script samples per target, in the order
listed: for each frequently quoted person, ambiguous surname or role phrase, the articles in
which that pattern stands where a speaker stands (``X:`` or a speech cue shortly after it), a
few chosen with a seeded generator; a target without a pattern draws among all articles with a
cue word. An article goes to the first target that draws it.

Deterministic: the same corpus and seed give the same list. Held-out articles are never chosen,
nor very long ones (their labelling cost would crowd out the variety the sample exists for).
Prints one ``<corpus> <id> <target>`` line per chosen article; ``--ids`` prints ids only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from bench.corpus import ROOT, articles

SHARED = ROOT.parent / "shared"
CORPORA = {
    "old": SHARED / "corpus" / "news.jsonl",
    "modern": SHARED / "corpus" / "modern-news.jsonl",
}
HELDOUT = SHARED / "annotation" / "heldout-ids.json"
MAX_CHARS = {"old": 4000, "modern": 2600}
SEED = 1405

_CUE_WORDS = (
    r"(?:گفت|افزود|اظهار|تاکید|تأکید|تصریح|نوشت|اعلام|ادامه داد|بیان|عنوان|خاطرنشان|"
    r"یادآور|توضیح|مدعی|هشدار|پاسخ)"
)

# (corpus, target name, pattern of the speaker or None for any article with a cue word,
#  how many articles, longest gap before the cue). Later targets were added to reach the
# modern-news share and more role phrases (eight modern ones: role phrases of 1405 whose
# holder is named elsewhere or only known from the date; then old role phrases, a news-desk
# lead without its comma, a shared surname, Ali Daei beside his brother, the national coach
# by role; last, more modern draws of frequent people and spokesmen); appending keeps the
# earlier draws unchanged.
TARGETS: list[tuple[str, str, str | None, int, int]] = [
    ("old", "branko", r"برانکو", 5, 60),
    ("old", "queiroz", r"کی[\u200c ]?روش", 3, 60),
    ("old", "mansourian", r"منصوریان", 4, 60),
    ("old", "daei", r"(?<!\w)دایی", 6, 60),
    ("old", "ghalenoei", r"قلعه[\u200c ]?نو[یع]ی", 3, 60),
    ("old", "rouhani", r"(?<!\w)روحانی(?!\w|\u200c)", 3, 20),
    ("old", "ahmadi", r"(?<!\w)احمدی(?!\w|\u200c| نژاد)", 5, 20),
    ("old", "trump", r"ترامپ", 2, 60),
    ("old", "zarif", r"ظریف", 1, 60),
    ("old", "coach-role", r"سرمربی (?:تیم )?(?:فوتبال )?(?:پرسپولیس|استقلال)", 2, 60),
    ("old", "sports-minister", r"وزیر ورزش", 2, 60),
    ("old", "mfa-spokesman", r"سخنگوی (?:دستگاه دیپلماسی|وزارت (?:امور )?خارجه)", 2, 60),
    ("modern", "trump", r"ترامپ", 4, 60),
    ("modern", "araghchi", r"عراقچی", 3, 60),
    ("modern", "netanyahu", r"نتانیاهو", 2, 60),
    ("modern", "pezeshkian", r"پزشکیان", 3, 60),
    ("modern", "ghalibaf", r"قالیباف", 2, 60),
    ("modern", "baghaei", r"بقا[ئی]ی", 3, 60),
    ("modern", "khamenei", r"خامنه[\u200c ]?ای", 3, 60),
    ("modern", "larijani", r"لاریجانی", 2, 60),
    ("modern", "vance", r"(?<!\w)ونس(?!\w)", 2, 60),
    ("modern", "rubio", r"روبیو", 2, 60),
    ("modern", "zarif", r"ظریف", 2, 60),
    ("modern", "rouhani", r"حسن روحانی", 2, 60),
    ("modern", "ahmadinejad", r"احمدی[\u200c ]?نژاد", 2, 60),
    ("modern", "taj", r"(?<!\w)تاج(?!\w)", 2, 60),
    ("modern", "ghalenoei", r"قلعه[\u200c ]?نویی", 3, 60),
    ("modern", "daei", r"(?<!\w)دایی", 2, 60),
    ("old", "random", None, 2, 0),
    ("modern", "random", None, 2, 0),
    ("old", "khamenei", r"خامنه[\u200c ]?ا[یي]|رهبر معظم انقلاب", 2, 60),
    ("modern", "leader", r"رهبر (?:معظم )?انقلاب|مجتبی خامنه[\u200c ]?ای", 3, 60),
    ("modern", "ali-daei", r"علی دایی", 3, 60),
    ("modern", "mfa-spokesman", r"سخنگوی (?:دستگاه دیپلماسی|وزارت (?:امور )?خارجه)", 3, 60),
    ("modern", "foreign-minister", r"وزیر (?:امور )?خارجه", 2, 60),
    ("modern", "gov-spokesman", r"سخنگوی دولت", 2, 60),
    (
        "modern",
        "president-role",
        r"(?<!\w)رئیس[\u200c ]?جمهور(?:ی)?(?! آمریکا| ایالات)(?!\w)",
        3,
        60,
    ),
    ("modern", "us-president-role", r"رئیس[\u200c ]?جمهور(?:ی)? (?:آمریکا|ایالات متحده)", 3, 60),
    ("modern", "majlis-speaker", r"رئیس مجلس", 2, 60),
    ("modern", "national-coach", r"سرمربی تیم ملی", 2, 60),
    ("modern", "israel-pm", r"نخست[\u200c ]?وزیر (?:رژیم|اسرائیل)", 2, 60),
    ("modern", "military-spokesman", r"سخنگوی (?:ارتش|سپاه|قرارگاه)", 2, 60),
    ("modern", "random-2", None, 2, 0),
    ("old", "friday-imam", r"امام جمعه", 3, 60),
    ("old", "interior-minister", r"وزیر کشور", 2, 60),
    ("old", "lead-no-comma", r"به گزارش[^،\n]{0,40}خبرگزاری فارس از [^\s،]+ (?=[^\s،])", 2, 40),
    ("old", "karimi", r"(?<!\w)کریمی(?!\w)", 2, 20),
    ("old", "ali-daei", r"علی دایی", 2, 60),
    ("old", "national-coach", r"سرمربی تیم ملی", 2, 60),
    ("modern", "trump-more", r"ترامپ", 3, 60),
    ("modern", "araghchi-more", r"عراقچی", 2, 60),
    ("modern", "netanyahu-more", r"نتانیاهو", 2, 60),
    ("modern", "leader-more", r"رهبر (?:معظم )?انقلاب", 2, 60),
    ("modern", "spokesman", r"سخنگوی", 3, 60),
    ("modern", "random-3", None, 4, 0),
]


def speaker_position(pattern: str, gap: int = 60) -> re.Pattern[str]:
    """The target as a speaker: ``X:`` or a cue within a short clause (``gap`` characters,
    no sentence end) after it."""
    return re.compile(rf"(?:{pattern})[^\n.:؟!]{{0,{gap}}}?(?::|{_CUE_WORDS})")


def headline(article: dict) -> str:
    return article.get("title") or article["text"].split("\n", 1)[0]


def eligible(corpus: str, heldout: set[str]) -> list[dict]:
    return [
        a
        for a in articles(CORPORA[corpus])
        if a["id"] not in heldout and len(a["text"]) <= MAX_CHARS[corpus]
    ]


def choose(seed: int = SEED) -> list[tuple[str, str, str]]:
    heldout = set(json.loads(Path(HELDOUT).read_text(encoding="utf-8")))
    chosen: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    pool = {corpus: eligible(corpus, heldout) for corpus in CORPORA}
    any_cue = re.compile(_CUE_WORDS)
    for corpus, name, pattern, k, gap in TARGETS:
        position = any_cue if pattern is None else speaker_position(pattern, gap)
        candidates = sorted(
            a["id"] for a in pool[corpus] if a["id"] not in seen and _matches(position, a)
        )
        rng = random.Random(f"{seed}:{corpus}:{name}")
        for article_id in rng.sample(candidates, min(k, len(candidates))):
            chosen.append((corpus, article_id, name))
            seen.add(article_id)
    return chosen


def _matches(position: re.Pattern[str], article: dict) -> bool:
    return bool(position.search(headline(article)) or position.search(article["text"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--ids", action="store_true", help="print article ids only")
    args = parser.parse_args()
    for corpus, article_id, target in choose(args.seed):
        print(article_id if args.ids else f"{corpus} {article_id} {target}")


if __name__ == "__main__":
    main()
