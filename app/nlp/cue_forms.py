"""The conjugations of a reporting verb that report speech, from its two stems
(``data/cue_verbs.tsv`` gives the stems; ``lexicon.cue_regex`` builds its pattern from these).

Written Persian reports in the third person; Telegram posts also write the spoken present
(«میگه») and, for «گفت» and «نوشت», the spoken past plural («گفتن»), so those forms are built too.
"""

from __future__ import annotations

import re

_SPOKEN = re.compile(r"می[ \u200c]*[^\s\u200c]+ه")
# The spoken past plurals of «گفت» and «نوشت» («گفتن»، «میگفتن»، «نوشتن»): «they said». Not
# the other verbs' («افزودن»، «پرسیدن» are most often infinitives), nor the present «میگن»
# («they say», a rumour with no source).
SPOKEN_PLURALS = ("گفت", "نوشت")
_PLURAL = re.compile(f"(?:می[ \u200c]*)?(?:{'|'.join(SPOKEN_PLURALS)})ن")


def is_spoken(cue: str) -> bool:
    """The cue is a spoken form («میگه»، «اعلام میکنه»، «گفتن»): posts write it in
    chat as in news, so its subject must be someone who speaks (``labels.known_speaker``)."""
    word = cue.rsplit(" ", 1)[-1]
    return _SPOKEN.fullmatch(word) is not None or is_spoken_plural(word)


def is_spoken_plural(cue: str) -> bool:
    """«گفتن»، «میگفتن»، «نوشتن»: said by a subject that must be someone who speaks."""
    return _PLURAL.fullmatch(cue.rsplit(" ", 1)[-1]) is not None


def _present(stem: str) -> tuple[str, str]:
    """Third-person present endings: «گو» → «گوید»، «کن» → «کند»، «شو» → «شود»."""
    if stem == "شو":
        return "شود", "شوند"
    if stem.endswith(("ا", "و")):
        return stem + "ید", stem + "یند"
    return stem + "د", stem + "ند"


def _spoken(stem: str) -> str | None:
    """The spoken third-person singular present, as Telegram posts write it: «گو» → «گه»
    («میگه»)، «کن» → «کنه»، «ده» → «ده». Stems in «ا» («افزا») have none in use. The plural
    («میگن») is left out: it is most often «they say», a rumour with no source."""
    if stem.endswith("ا"):
        return None
    if stem.endswith("ه"):
        return stem
    return (stem[:-1] if stem.endswith("و") else stem) + "ه"


def verb_forms(past: str, present: str, *, simple: bool = False) -> list[str]:
    """Third-person forms that report speech: past, perfect, pluperfect, present progressive
    (written and spoken), and for «گفت» and «نوشت» the spoken past plurals."""
    sg, pl = _present(present)
    spoken = _spoken(present)
    participle = past + "ه"
    forms = [
        past,
        past + "ند",
        participle,
        f"{participle} است",
        f"{participle} اند",
        f"{participle} بود",
        f"{participle} بودند",
        f"می {sg}",
        f"می {pl}",
        f"می {past}",
        f"می {past}ند",
    ]
    if spoken is not None:
        forms.append(f"می {spoken}")
    if simple and past in SPOKEN_PLURALS:
        forms += [f"{past}ن", f"می {past}ن"]
    return sorted(forms, key=len, reverse=True)
