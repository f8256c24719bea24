"""Reading one seed file, with a clear reason when it can't be an article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.nlp import ANNOTATOR_VERSION


class BadFile(Exception):
    """A seed file that is skipped; the message is the reason, for the log line and summary."""


@dataclass(frozen=True, slots=True)
class ArticleFile:
    id: str
    path: Path
    text: str
    content_hash: str


def decode(raw: bytes) -> str:
    """Article bytes → text, or BadFile; the API reads ``text/plain`` bodies with it too."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadFile("not UTF-8 (UTF-16 byte order mark; save the file as UTF-8)")
    if b"\x00" in raw:
        raise BadFile("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(f"not UTF-8 (invalid byte at offset {exc.start})") from None
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse what is not prose: NUL (PostgreSQL can't store it) or many control characters."""
    if "\x00" in text:
        raise BadFile("binary file (contains NUL bytes)")
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if bad > max(8, len(text) // 100):
        raise BadFile(f"binary file ({bad} control characters)")


def read_article(path: Path, max_bytes: int) -> ArticleFile:
    """Read and check one article file; raise BadFile with the reason otherwise."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadFile(f"can't be read ({exc.strerror or exc})") from None
    text = decode(raw)
    if not text.strip():
        raise BadFile("empty (no text)")
    # The annotator's version is part of the hash: a new rule set re-annotates every article.
    digest = hashlib.sha256(ANNOTATOR_VERSION.encode() + b"\0" + raw).hexdigest()
    return ArticleFile(path.stem, path, text, digest)
