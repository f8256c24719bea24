"""Reading one seed file, with a clear reason when it can't be an article."""

from __future__ import annotations

import hashlib
import re
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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # below 32, but not \t \n \r


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
    bad = len(_CONTROL.findall(text))
    if bad > max(8, len(text) // 100):
        raise BadFile(f"binary file ({bad} control characters)")


@dataclass(frozen=True, slots=True)
class RawFile:
    """A seed file's bytes and content hash: enough to tell that an ingested file is unchanged
    (its bytes were checked when it was stored) without decoding it again."""

    path: Path
    raw: bytes
    content_hash: str

    def article(self) -> ArticleFile:
        """Decode and check the bytes; raise BadFile with the reason otherwise."""
        text = decode(self.raw)
        if not text.strip():
            raise BadFile("empty (no text)")
        return ArticleFile(self.path.stem, self.path, text, self.content_hash)


def read_raw(path: Path, max_bytes: int) -> RawFile:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadFile(f"can't be read ({exc.strerror or exc})") from None
    # The annotator's version is part of the hash: a new rule set re-annotates every article.
    digest = hashlib.sha256(ANNOTATOR_VERSION.encode() + b"\0" + raw).hexdigest()
    return RawFile(path, raw, digest)


def read_article(path: Path, max_bytes: int) -> ArticleFile:
    """Read and check one article file; raise BadFile with the reason otherwise."""
    return read_raw(path, max_bytes).article()
