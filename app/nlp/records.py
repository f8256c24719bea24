"""The annotator's output: plain dataclasses with code-point spans into paragraph text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.nlp.source_map import SourceMap


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Speaker:
    """One person, organisation or anonymous source within an article."""

    key: str
    name: str
    kind: str  # person | organization | anonymous
    aliases: list[str] = field(default_factory=list)
    quote_count: int = 0
    # Known only by a role, or anonymous: the speaker belongs to its article and is never
    # taken for the same speaker in another article.
    local: bool = False
    # The role and title phrases the article gives the speaker («وزیر کشور»), in order.
    roles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    paragraph: int
    kind: str  # direct | indirect | according_to
    speaker_key: str
    mention: Span | None
    cue: Span
    content: Span
    addressee: Span | None = None
    via: str | None = None
    confidence: float = 0.0
    # The paragraphs of the cue and of the mention (None: no mention). The event is in the
    # paragraph of its content, but a label («X:») or a cue ending a line with a colon may
    # stand on an earlier line.
    cue_paragraph: int = 0
    mention_paragraph: int | None = None
    # How the mention reached its speaker (app/nlp/evidence.py): "name", "role", "office", …
    link_by: str | None = None

    @property
    def place(self) -> str:
        """Where the event is in its article, unique among its quotes (one event per cue and
        paragraph): what a quote's id is made of. The cue's offset alone does not tell a label
        on an earlier line from a cue at the same offset of the content's own line, so the cue's
        paragraph is part of it when it differs."""
        if self.cue_paragraph in (0, self.paragraph):
            return f"{self.paragraph}:{self.cue.start}"
        return f"{self.paragraph}:{self.cue_paragraph}.{self.cue.start}"


@dataclass(slots=True)
class Annotation:
    title: str
    paragraphs: list[str]
    speakers: list[Speaker]
    quotes: list[Quote]
    # The paragraphs as the rules read them (normalized): what an article's derived id hashes,
    # so an id does not depend on how the text is served.
    normalized: list[str] = field(default_factory=list)
    # Each paragraph's source map (app/nlp/source_map.py), when the text was annotated as
    # written: the search keys read the same normalized text, so they map it once, not twice.
    maps: list[SourceMap] = field(default_factory=list, repr=False, compare=False)

    def speaker(self, key: str) -> Speaker:
        return next(s for s in self.speakers if s.key == key)
