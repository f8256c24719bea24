"""What editors send to correct speakers, and the corrections as they are stored and listed
(``app/api/speaker_edits.py``); the read shapes are in ``app/schemas.py``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.ids import SPEAKER_ID_PATTERN
from app.schemas import SpeakerKind

SpeakerIdIn = Annotated[
    str,
    Field(
        pattern=SPEAKER_ID_PATTERN,
        description="A speaker id: `sp_` and 12 hex digits.",
        examples=["sp_2412c587a234"],
    ),
]
SpeakerName = Annotated[
    str,
    BeforeValidator(lambda v: " ".join(v.split()) if isinstance(v, str) else v),
    Field(min_length=1, max_length=200, examples=["بشار اسد"]),
]


class MergeIn(BaseModel):
    """Every mention of the speaker goes to another speaker."""

    model_config = ConfigDict(extra="forbid")

    into: SpeakerIdIn


class SplitIn(BaseModel):
    """One article's mentions of the speaker go to another speaker (``into``), or to a new
    one named ``name``."""

    model_config = ConfigDict(extra="forbid")

    article_id: str = Field(max_length=200, examples=["000_d8346e28cf1fe79f"])
    into: SpeakerIdIn | None = None
    name: SpeakerName | None = Field(
        default=None, description="The new speaker's name, when there is no `into`."
    )
    kind: SpeakerKind | None = Field(
        default=None, description="The new speaker's kind; the speaker's own when left out."
    )


class SpeakerEdit(BaseModel):
    """What an editor sets on a speaker; at least one field. A new name keeps the old one
    as an alias, unless ``aliases`` is given: it replaces them all."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    name: SpeakerName | None = None
    kind: SpeakerKind | None = None
    aliases: list[SpeakerName] | None = Field(
        default=None, max_length=100, examples=[["اسد", "رئیس\u200cجمهوری سوریه"]]
    )


class SpeakerOverride(BaseModel):
    """An editor's correction, as stored and applied again after every ingest."""

    id: int = Field(examples=[1])
    action: Literal["merge", "split", "edit"]
    speaker_id: str = Field(examples=["sp_2412c587a234"])
    target_id: str | None = Field(
        description="Where the mentions went (merge, split).", examples=["sp_3c0f6a1e2b4d"]
    )
    article_id: str | None = Field(description="The article a split moved mentions out of.")
    name: str | None = Field(description="Edit: the name set; split: the new speaker's.")
    kind: SpeakerKind | None
    aliases: list[str] | None = Field(description="Edit: the aliases set, if any.")
    created_at: str = Field(examples=["2026-12-02T17:30:00Z"])
