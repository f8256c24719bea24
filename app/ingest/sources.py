"""What a source says of an article besides its text: a seed file's front matter, a JSON Lines
record's fields.

A seed ``.txt`` may open with a front-matter block, as static-site tools write it::

    ---
    title: سخنگوی دولت از بودجه گفت
    published_at: 1405/03/02 14:30
    url: https://example.ir/news/1
    outlet: ایرنا
    authors: مریم رضایی، علی احمدی
    category: سیاسی
    ---
    سخنگوی دولت گفت: …

A ``*.jsonl`` file holds one article a line: ``{"id": …, "text": …, "title": …, …}``. Both take
the same keys and their common synonyms (``link`` → url, ``channel``/``source`` → outlet,
``posted_at``/``date`` → published_at, ``author`` → authors), so the corpus dumps ingest as they
are. A value that can't be read (a date in no known form) is left out with a warning: the
article is stored without it, never refused for it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from app.dates import parse_date
from app.store.rows import Metadata

SYNONYMS = {
    "title": "title",
    "headline": "title",
    "published_at": "published_at",
    "posted_at": "published_at",
    "date": "published_at",
    "published": "published_at",
    "url": "url",
    "link": "url",
    "outlet": "outlet",
    "channel": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "authors": "authors",
    "author": "authors",
    "category": "category",
}
# Keys a JSON Lines record may hold besides the metadata (the corpus files' own).
RECORD_KEYS = {"id", "text"}
_LIMITS = {"title": 500, "url": 2000, "outlet": 200, "category": 200}
_AUTHOR_SEP = re.compile(r"\s*[,،;؛]\s*")
_FRONT_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*)$")
MAX_FRONT_MATTER_LINES = 50


def metadata(fields: dict[str, Any], where: str) -> tuple[Metadata, list[str]]:
    """The metadata in ``fields`` (keys and synonyms above; others ignored), and a warning
    for each value left out."""
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in fields.items():
        name = SYNONYMS.get(key.lower())
        if name is None or value is None or value == "" or value == []:
            continue
        try:
            values[name] = _value(name, value)
        except ValueError as exc:
            warnings.append(f"{where}: {key} left out: {exc}")
    return Metadata(**values), warnings


def _value(name: str, value: Any) -> Any:
    if name == "authors":
        names = value if isinstance(value, list) else _AUTHOR_SEP.split(str(value))
        authors = tuple(" ".join(str(a).split()) for a in names if str(a).strip())
        if any(len(a) > 200 for a in authors) or len(authors) > 50:
            raise ValueError("more than 50 names, or a name over 200 characters")
        return authors
    if not isinstance(value, str | int | float):
        raise ValueError(f"a {type(value).__name__}, not text")
    text = " ".join(str(value).split())
    if name == "published_at":
        return parse_date(text)
    if len(text) > _LIMITS[name]:
        raise ValueError(f"longer than {_LIMITS[name]} characters")
    return text


def front_matter(text: str, where: str) -> tuple[str, Metadata, list[str]]:
    """A seed file's text without its front matter, what the block said, and its warnings.
    A text that does not open with ``---`` has none; an opening ``---`` never closed within
    the first lines is text, not a block (with a warning)."""
    lines = text.split("\n")
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        return text, Metadata(), []
    for end in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[end].strip() == "---":
            break
    else:
        return text, Metadata(), [f"{where}: a front matter '---' that is never closed"]
    fields: dict[str, str] = {}
    warnings = []
    for n, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _FRONT_KEY.match(line.strip())
        if found is None:
            warnings.append(f"{where}: front matter line {n} is not 'key: value'")
            continue
        key, value = found[1], _unquoted(found[2].strip())
        if key.lower() not in SYNONYMS:
            warnings.append(f"{where}: front matter key {key!r} is not one goftar reads")
            continue
        if value.startswith("[") and value.endswith("]"):  # authors: [a, b]
            fields[key] = [_unquoted(v.strip()) for v in value[1:-1].split(",")]  # type: ignore[assignment]
        else:
            fields[key] = value
    meta, more = metadata(fields, where)
    # The article is what follows the block: its first paragraph is the first line after it.
    return "\n".join(lines[end + 1 :]), meta, warnings + more


def _unquoted(value: str) -> str:
    """A value in quotes, as YAML may write it, without them: ``"a, b"`` is ``a, b``."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


class BadRecord(ValueError):
    """A JSON Lines line that can't be an article; the message says why."""


def record(line: bytes, where: str) -> tuple[str, str, Metadata, list[str]]:
    """A JSON Lines record: (article id, text, metadata, warnings). The id is the record's
    ``id`` made safe for a URL (characters other than ``A-Z a-z 0-9 . _ -`` become ``_``:
    ``fars-news-1:035`` is ``fars-news-1_035``), or, without one, derived from the text."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise BadRecord(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise BadRecord("not a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRecord("no text")
    given = data.get("id")
    if given is None:
        article_id = "jl_" + hashlib.sha256(text.encode()).hexdigest()[:16]
    elif isinstance(given, str | int) and str(given).strip():
        article_id = _ID_UNSAFE.sub("_", str(given).strip())[:200].lstrip("._-") or "_"
    else:
        raise BadRecord("an id that is not text")
    meta, warnings = metadata({k: v for k, v in data.items() if k not in RECORD_KEYS}, where)
    return article_id, text, meta, warnings


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
