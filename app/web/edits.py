"""The editors' forms of the speaker page: rename, and merge into another speaker.

Plain HTML forms that post ``application/x-www-form-urlencoded`` (they work without
JavaScript). The API key is a field of the form's body, never of a URL, and is checked by the
API's own check (``app.api.auth.check_key``); the correction is the API's own store function
(``app/store/overrides.py``). Success answers 303 to the page to see; an error shows the page
again with the API's status and the problem worded in Persian beside the field concerned.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Request
from starlette.responses import RedirectResponse, Response

from app.api.auth import check_key
from app.api.deps import db_of
from app.api.errors import ApiError
from app.api.write_body import read_limited
from app.ids import SPEAKER_ID_PATTERN
from app.store import overrides
from app.web.pages import render_speaker

router = APIRouter(include_in_schema=False)
FORM = "application/x-www-form-urlencoded"
MAX_FORM = 8192
SPEAKER_ID = re.compile(SPEAKER_ID_PATTERN)
SpeakerPath = Annotated[str, Path(max_length=40)]

# What an editor reads for each problem: by the API's status, or the store's reason.
_KEY = {
    401: "کلید API درست نیست.",
    403: "ویرایش در این سرور بسته است: کلید API تنظیم نشده است.",
}
_REASONS = {
    "no_speaker": "این گوینده دیگر وجود ندارد.",
    "merged": "این گوینده پیش\u200cتر در گویندهٔ دیگری ادغام شده است: {merged_into}",
    "no_target": "گوینده\u200cای با این شناسه نیست.",
    "self": "گوینده را نمی\u200cتوان در خودش ادغام کرد.",
    "loop": "این ادغام دور می\u200cسازد: آن گوینده خود در این گوینده ادغام شده است.",
}


class FormProblem(Exception):
    """A form that can't be done: the status, the field it concerns, the Persian message."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


async def _fields(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM:
        raise FormProblem(415, "", "این فرم باید از صفحهٔ گوینده فرستاده شود.")
    raw = await read_limited(request, MAX_FORM)
    try:
        pairs = parse_qs(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8",
                         errors="strict")  # fmt: skip
    except (UnicodeDecodeError, ValueError):
        raise FormProblem(400, "", "فرم خوانا نبود؛ دوباره بفرستید.") from None
    fields = {k: v[0] for k, v in pairs.items()}
    if any("\x00" in k or "\x00" in v for k, v in fields.items()):
        raise FormProblem(400, "", "فرم نویسهٔ ناروا (NUL) داشت.")
    return fields


def _check_key(request: Request, fields: dict[str, str]) -> None:
    sent = fields.get("api_key", "").strip()
    try:
        check_key(request, sent.encode("utf-8") if sent else None, where="form")
    except ApiError as exc:
        message = "کلید API را بنویسید." if not sent and exc.status == 401 else _KEY[exc.status]
        raise FormProblem(exc.status, "api_key", message) from None


async def _correct(request: Request, field: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return await db_of(request).write(fn, *args, **kwargs)
    except overrides.Conflict as exc:
        message = _REASONS.get(exc.reason, exc.detail).format(**exc.extra)
        raise FormProblem(exc.status, field, message) from None


async def _answer(request: Request, speaker_id: str, form: str, work: Any) -> Response:
    """Run the form's work; on a problem, the page again with it shown in the form."""
    values: dict[str, str] = {}
    try:
        values = await _fields(request)
        _check_key(request, values)
        location = await work(values)
    except FormProblem as exc:
        values.pop("api_key", None)  # never written back into the page
        edit = {"form": form, "field": exc.field, "message": exc.message, "values": values}
        return await render_speaker(request, speaker_id, edit=edit, status=exc.status)
    return RedirectResponse(location, status_code=303)


@router.post("/speakers/{speaker_id}/rename")
async def rename_form(request: Request, speaker_id: SpeakerPath) -> Response:
    async def work(values: dict[str, str]) -> str:
        name = " ".join(values.get("name", "").split())
        if not name or len(name) > 200:
            raise FormProblem(422, "name", "نام تازه را بنویسید (تا ۲۰۰ نویسه).")
        await _correct(request, "name", overrides.edit, speaker_id, name=name)
        return f"/speakers/{speaker_id}"

    return await _answer(request, speaker_id, "rename", work)


@router.post("/speakers/{speaker_id}/merge")
async def merge_form(request: Request, speaker_id: SpeakerPath) -> Response:
    async def work(values: dict[str, str]) -> str:
        into = values.get("into", "").strip()
        if into.startswith("/speakers/"):  # a speaker page's address, pasted
            into = into.removeprefix("/speakers/")
        if not SPEAKER_ID.fullmatch(into):
            raise FormProblem(422, "into", "شناسهٔ گوینده به شکل sp_ و ۱۲ رقم شانزده\u200cتایی است.")
        await _correct(request, "into", overrides.merge, speaker_id, into)
        return f"/speakers/{into}"

    return await _answer(request, speaker_id, "merge", work)
