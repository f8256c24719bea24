"""Reading one seed file, with a clear reason when it can't be an article (the same checks
hold for a JSON Lines record's text and for the text of a write)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.ids import WRITE_ID_PATTERN
from app.ingest.sources import front_matter
from app.nlp import ANNOTATOR_VERSION
from app.store.rows import Metadata


class BadFile(Exception):
    """A seed file that is skipped; the message is the reason, for the log line and summary."""


@dataclass(frozen=True, slots=True)
class ArticleFile:
    id: str
    path: Path
    text: str  # after the front matter, if it had one
    content_hash: str
    meta: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()


# The annotator's work grows faster than linearly with a paragraph's length (every cue looks
# back over its sentence): 100,000 characters of prose take a fraction of a second, but a
# paragraph of megabytes, or of one endless sentence, would hold up the whole ingest. No news
# paragraph comes near this; a file that is one huge line is better split into lines.
MAX_PARAGRAPH_CHARS = 100_000


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: NUL bytes on one parity only (the high byte of ASCII
    spaces and digits), and the whole decodes to printable text."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    if min(even, odd) > max(even, odd) // 20:
        return False
    try:
        text = raw.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return printable >= 0.95 * len(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # below 32, but not \t \n \r


def decode(raw: bytes) -> str:
    """Article bytes → text, or BadFile; the API reads ``text/plain`` bodies with it too."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadFile("not UTF-8 (UTF-16 byte order mark; save the file as UTF-8)")
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise BadFile("not UTF-8 (UTF-16 without a byte order mark; save the file as UTF-8)")
        raise BadFile("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(f"not UTF-8 (invalid byte at offset {exc.start})") from None
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse what is not prose: NUL (PostgreSQL can't store it), many control characters, or
    a paragraph longer than the annotator can take in reasonable time."""
    if "\x00" in text:
        raise BadFile("binary file (contains NUL bytes)")
    bad = len(_CONTROL.findall(text))
    if bad > max(8, len(text) // 100):
        raise BadFile(f"binary file ({bad} control characters)")
    longest = max(len(line) for line in text.replace("\r", "\n").split("\n"))
    if longest > MAX_PARAGRAPH_CHARS:
        raise BadFile(
            f"a paragraph of {longest:,} characters (the limit is {MAX_PARAGRAPH_CHARS:,}; "
            "one paragraph a line)"
        )


@dataclass(frozen=True, slots=True)
class RawFile:
    """A seed file's bytes and content hash: enough to tell that an ingested file is unchanged
    (its bytes were checked when it was stored) without decoding it again."""

    path: Path
    raw: bytes
    content_hash: str

    def article(self) -> ArticleFile:
        """Decode and check the bytes, and read the front matter; raise BadFile with the
        reason otherwise."""
        text, meta, warnings = front_matter(decode(self.raw), self.path.name)
        if not text.strip():
            raise BadFile("empty (no text)")
        return ArticleFile(
            self.path.stem, self.path, text, self.content_hash, meta, tuple(warnings)
        )


_ID = re.compile(WRITE_ID_PATTERN)


def article_id(path: Path) -> str:
    """The id of the article a seed file holds: its stem, by the rule of ids written through
    the API, so every article can be read, replaced and deleted by a URL that needs no
    escaping. A file named otherwise («خبر.txt», "a b.txt", ".draft.txt") is skipped with
    the reason rather than stored under an id the API would refuse (or renamed to one the
    file name does not show)."""
    if not _ID.fullmatch(path.stem):
        raise BadFile(
            f"the file name {path.stem!r} is not an article id (1-200 of A-Z a-z 0-9 . _ -, "
            "starting with a letter or digit): rename the file"
        )
    return path.stem


def read_raw(path: Path, max_bytes: int) -> RawFile:
    article_id(path)
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
