"""The editors' forms of the speaker page (issues 16, 17): rename and merge as plain POST
forms, the key in the body, errors shown on the page in Persian."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app

KEY = "form-k3y-0123456789abcdef"
BASHAR = "sp_2412c587a234"  # بشار اسد in the seed
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def editor(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"api_key": SecretStr(KEY)}))
    with TestClient(app, follow_redirects=False) as c:
        yield c
    app.state.db.dispose()


def _other(client: TestClient) -> str:
    items = client.get("/v1/speakers?limit=100").json()["items"]
    return next(s["id"] for s in items if s["id"] != BASHAR)


def test_the_page_has_both_forms_labelled_and_no_key_in_urls(editor: TestClient) -> None:
    html = editor.get(f"/speakers/{BASHAR}").text
    for form in ("rename", "merge"):
        assert f'action="/speakers/{BASHAR}/{form}"' in html
        assert f'<label for="{form}-key">' in html and f'id="{form}-key"' in html
    assert html.count('method="post"') == 2
    assert 'name="api_key" type="password"' in html
    assert '<label for="rename-name">' in html and '<label for="merge-into">' in html


def test_rename_answers_303_to_the_page_and_the_page_shows_the_name(editor: TestClient) -> None:
    name = "بشار حافظ اسد"
    done = editor.post(f"/speakers/{BASHAR}/rename", data={"name": name, "api_key": KEY})
    assert done.status_code == 303 and done.headers["location"] == f"/speakers/{BASHAR}"
    assert f"<h1>{name}</h1>" in editor.get(f"/speakers/{BASHAR}").text
    assert editor.get(f"/v1/speakers/{BASHAR}").json()["name"] == name
    assert editor.get("/v1/speaker-overrides").json()["items"][0]["action"] == "edit"


def test_merge_answers_303_and_the_merged_page_redirects(editor: TestClient) -> None:
    other = _other(editor)
    done = editor.post(f"/speakers/{other}/merge", data={"into": BASHAR, "api_key": KEY})
    assert done.status_code == 303 and done.headers["location"] == f"/speakers/{BASHAR}"
    moved = editor.get(f"/speakers/{other}")
    assert moved.status_code == 308 and moved.headers["location"] == f"/speakers/{BASHAR}"


@pytest.mark.parametrize(
    ("form", "data", "status", "words", "field"),
    [
        ("rename", {"name": "x"}, 401, "کلید API را بنویسید", "rename-key"),
        ("rename", {"name": "x", "api_key": "wrong"}, 401, "کلید API درست نیست", "rename-key"),
        ("rename", {"name": " ", "api_key": KEY}, 422, "نام تازه را بنویسید", "rename-name"),
        ("merge", {"into": BASHAR, "api_key": KEY}, 422, "در خودش ادغام", "merge-into"),
        ("merge", {"into": "nope", "api_key": KEY}, 422, "شناسهٔ گوینده", "merge-into"),
        (
            "merge",
            {"into": "sp_000000000000", "api_key": KEY},
            409,
            "گوینده\u200cای با این",
            "merge-into",
        ),
    ],
)
def test_errors_are_shown_on_the_page_in_persian(
    editor: TestClient, form: str, data: dict[str, str], status: int, words: str, field: str
) -> None:
    shown = editor.post(f"/speakers/{BASHAR}/{form}", data=data)
    assert shown.status_code == status
    assert shown.headers["content-type"].startswith("text/html")
    html = shown.text
    assert 'role="alert"' in html and words in html
    tag = re.search(rf'<input id="{field}"[^>]*>', html, re.S)
    assert tag and 'aria-invalid="true"' in tag[0] and "autofocus" in tag[0]
    assert "wrong" not in html and KEY not in html  # the key is never written back
    assert editor.get("/v1/speaker-overrides").json()["items"] == []


def test_a_form_without_a_configured_key_is_403(client: TestClient) -> None:
    shown = client.post(f"/speakers/{BASHAR}/rename", data={"name": "x", "api_key": "k"})
    assert shown.status_code == 403 and "ویرایش در این سرور بسته است" in shown.text


def test_only_a_form_body_is_read(editor: TestClient) -> None:
    sent = editor.post(f"/speakers/{BASHAR}/rename", json={"name": "x", "api_key": KEY})
    assert sent.status_code == 415 and 'role="alert"' in sent.text
    big = editor.post(f"/speakers/{BASHAR}/rename", content=b"name=" + b"x" * 10000, headers=FORM)
    assert big.status_code == 413
    nul = editor.post(f"/speakers/{BASHAR}/rename", content=b"name=a%00&api_key=k", headers=FORM)
    assert nul.status_code == 400 and 'role="alert"' in nul.text
    assert editor.post("/speakers/sp_000000000000/rename", data={"api_key": KEY}).status_code == 404
