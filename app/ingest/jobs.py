"""What an ingest has to do: the articles of seed files and JSON Lines files, as jobs.

A folder holds ``*.txt`` files (one article each, its id the file's stem) and ``*.jsonl``
files (one article a line, its id the record's). Each becomes a :class:`Job` with the content
hash the stored article is compared with: an article whose hash is unchanged is counted out
here, before anything is decoded or annotated, so a restart over an ingested folder costs a
stat, a read and a hash per file or line. JSON Lines files are read a line at a time, so a dump
of any size is never held whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.ids import RESERVED_IDS
from app.ingest.files import BadFile, read_raw
from app.ingest.sources import BadRecord, record
from app.nlp import ANNOTATOR_VERSION
from app.store.rows import Metadata

SUFFIXES = (".txt", ".jsonl")
POSTED = "the id belongs to an article written through the API"


@dataclass(frozen=True, slots=True)
class Job:
    """One article to ingest. A seed file's text is read where it is annotated; a record's
    travels with the job."""

    name: str  # as the summary and the log name it: "a.txt", "dump.jsonl:17"
    article_id: str
    origin: Path  # the file it comes from (the article's source_path)
    content_hash: str
    text: str | None = None
    meta: Metadata | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class Seen:
    """What the ingest found, for the removal of articles whose source is gone: the JSON
    Lines files read to their end, and the ids each held."""

    ids: dict[Path, set[str]] = field(default_factory=dict)


def article_files(paths: list[Path]) -> list[Path]:
    """The files of ``paths`` (folders, ``.txt`` and ``.jsonl`` files), in order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = (p for p in path.iterdir() if p.suffix in SUFFIXES)
            files += sorted(p for p in found if p.is_file() or p.is_symlink())
        else:
            files.append(path)
    return files


def count(files: list[Path]) -> int:
    """How many articles ``files`` hold at most (for a progress bar): files, and lines."""
    total = 0
    for path in files:
        if path.suffix != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as f:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        except OSError:
            total += 1
    return total


def record_hash(line: bytes) -> str:
    """A record's content hash, with the annotator's version: a new rule set re-annotates."""
    return hashlib.sha256(ANNOTATOR_VERSION.encode() + b"\0jsonl\0" + line.strip()).hexdigest()


class Skip(Exception):
    """An item that is not ingested, with its name and reason (``summary.skip``)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name
        self.reason = reason


def changed(
    files: list[Path],
    max_bytes: int,
    known: dict[str, str],
    posted: set[str],
    seen: Seen,
) -> Iterator[Job | Skip | str]:
    """Every article of ``files`` to ingest (a Job), to leave out (a Skip), or unchanged (its
    id), in order. An id given twice in one ingest is ingested once, from where it came first."""
    taken: dict[str, str] = {}

    def claim(job: Job) -> Job | Skip | str:
        if job.article_id in posted:
            return Skip(job.name, POSTED)
        if job.article_id in RESERVED_IDS:
            return Skip(job.name, f"{job.article_id!r} is a path of the API, not an article id")
        first = taken.setdefault(job.article_id, job.name)
        if first != job.name:
            return Skip(job.name, f"the id {job.article_id!r} is {first}'s in this ingest")
        if known.get(job.article_id) == job.content_hash:
            return job.article_id
        return job

    for path in files:
        if path.suffix == ".jsonl":
            records = _records(path, max_bytes, seen)
            yield from (claim(j) if isinstance(j, Job) else j for j in records)
            continue
        try:
            raw = read_raw(path, max_bytes)
        except BadFile as exc:
            yield Skip(path.name, str(exc))
            continue
        yield claim(Job(path.name, path.stem, path, raw.content_hash))


def _records(path: Path, max_bytes: int, seen: Seen) -> Iterator[Job | Skip]:
    """The records of a JSON Lines file. Its ids are noted as seen only when every line could
    be read: a line that went bad must not remove the article it held."""
    ids: set[str] = set()
    whole = True
    try:
        with path.open("rb") as lines:
            for n, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                name = f"{path.name}:{n}"
                try:
                    if len(line) > max_bytes:
                        raise BadRecord(
                            f"too large ({len(line):,} bytes; the limit is {max_bytes:,})"
                        )
                    article_id, text, meta, warnings = record(line, name)
                except BadRecord as exc:
                    whole = False
                    yield Skip(name, str(exc))
                    continue
                ids.add(article_id)
                yield Job(name, article_id, path, record_hash(line), text, meta, tuple(warnings))
    except OSError as exc:
        yield Skip(path.name, f"can't be read ({exc.strerror or exc})")
        return
    if whole:
        seen.ids[path.resolve()] = ids
