"""The reader in a real browser: Playwright driving Debian's Chromium (``/usr/bin/chromium``,
never a downloaded build) against ``python -m app serve`` on each backend.

Checks what only a browser can tell: the computed direction, each quote's computed colour
against its speaker's in the legend, that no request leaves the host, keyboard focus reaching a
quote and showing its tooltip, and no horizontal scroll at a phone's width. Screenshots go to a
temporary folder (printed; ``GOFTAR_SCREENSHOTS`` names another).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import BACKENDS, SEED_ID, database
from tests.live import live_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
LOCAL = {"127.0.0.1", "localhost"}

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module", params=BACKENDS)
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp(f"reader-{request.param}")
    with database(request.param, folder) as url, live_server(folder, url) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("GOFTAR_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page whose every request is counted; any to another host is aborted and listed."""
    width = getattr(request, "param", 1000)
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    context.outside = []  # type: ignore[attr-defined]
    context.failed = []  # type: ignore[attr-defined]

    def route(r: object) -> None:
        if urlsplit(r.request.url).hostname in LOCAL:  # type: ignore[attr-defined]
            r.continue_()  # type: ignore[attr-defined]
        else:
            context.outside.append(r.request.url)  # type: ignore[attr-defined]
            r.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    p = context.new_page()
    p.on(
        "response",
        lambda resp: resp.status >= 400 and context.failed.append((resp.status, resp.url)),
    )
    yield p
    context.close()


def _api(base: str, path: str) -> dict:
    return httpx.get(base + path, timeout=10).json()


def test_article_is_rtl_and_each_quote_has_its_speakers_colour(
    base: str, page: object, shots: Path, request: pytest.FixtureRequest
) -> None:
    body = _api(base, f"/v1/articles/{SEED_ID}")
    page.goto(f"{base}/articles/{SEED_ID}")  # type: ignore[attr-defined]
    page.evaluate("document.fonts.ready")  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        """() => {
        const style = (e) => getComputedStyle(e);
        const legend = {};
        for (const li of document.querySelectorAll('.legend li[data-speaker-id]'))
            legend[li.dataset.speakerId] = style(li.querySelector('a')).color;
        const quotes = [...document.querySelectorAll('.q[tabindex]')].map((q) => ({
            id: q.dataset.quoteId, speaker: q.dataset.speakerId, color: style(q).color,
            underline: style(q).textDecorationLine, marker: style(q, '::before').content}));
        return {
            html: style(document.documentElement).direction,
            paragraph: style(document.querySelector('.body p')).direction,
            lang: document.documentElement.lang,
            font: document.fonts.check('16px Vazirmatn'),
            legend, quotes};
    }"""
    )
    assert found["html"] == found["paragraph"] == "rtl" and found["lang"] == "fa"
    assert found["font"], "Vazirmatn did not load"
    assert {q["id"] for q in found["quotes"]} == {q["id"] for q in body["quotes"]}
    speaker_of = {q["id"]: q["speaker"]["id"] for q in body["quotes"]}
    for q in found["quotes"]:
        assert q["speaker"] == speaker_of[q["id"]]
        assert q["color"] == found["legend"][q["speaker"]]
        assert q["underline"] == "underline" and q["marker"] not in ("none", "")
    assert len(set(found["legend"].values())) == len(body["speakers"])  # distinct colours
    page.screenshot(path=shots / f"article-{request.node.callspec.id}.png")  # type: ignore[attr-defined]


def _pages(base: str) -> list[tuple[str, str]]:
    """Each page type: its name in the screenshots, its path."""
    speaker = _api(base, "/v1/speakers?limit=1")["items"][0]["id"]
    return [
        ("home", "/"),
        ("article", f"/articles/{SEED_ID}"),
        ("speaker", f"/speakers/{speaker}"),
        ("search", "/search?q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86"),  # «ایران»: many hits
    ]


def test_no_request_leaves_the_host(base: str, page: object, shots: Path) -> None:
    for name, path in [*_pages(base), ("error", "/articles/nope")]:
        page.goto(base + path, wait_until="networkidle")  # type: ignore[attr-defined]
        page.screenshot(path=shots / f"{name}.png", full_page=True)  # type: ignore[attr-defined]
    context = page.context  # type: ignore[attr-defined]
    assert context.outside == []
    assert context.failed == [(404, f"{base}/articles/nope")]  # the error page, no asset


def test_tab_reaches_a_quote_and_shows_its_tooltip(base: str, page: object, shots: Path) -> None:
    page.goto(f"{base}/articles/{SEED_ID}")  # type: ignore[attr-defined]
    for _ in range(80):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("!!document.activeElement.dataset.quoteId"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("Tab never reached a quote")
    focused = page.evaluate(  # type: ignore[attr-defined]
        """() => {
        const q = document.activeElement;
        const tip = document.getElementById(q.getAttribute('aria-describedby'));
        const box = tip.getBoundingClientRect();
        return {outline: getComputedStyle(q).outlineStyle, tip: getComputedStyle(tip).display,
                text: tip.textContent, width: box.width, height: box.height,
                speaker: q.dataset.speakerId};
    }"""
    )
    assert focused["outline"] != "none"
    assert focused["tip"] != "none" and focused["width"] > 0 and focused["height"] > 0
    name = _api(base, f"/v1/speakers/{focused['speaker']}")["name"]
    assert name in focused["text"] and "٪" in focused["text"]
    page.screenshot(path=shots / "article-focus.png")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    page.mouse.move(0, 0)  # type: ignore[attr-defined]
    quote = page.locator(".q[tabindex]").nth(2)  # type: ignore[attr-defined]
    quote.hover()
    assert quote.locator(".tip").is_visible()


@pytest.mark.parametrize("page", [375], indirect=True)
def test_phone_width_has_no_horizontal_scroll(base: str, page: object, shots: Path) -> None:
    for name, path in _pages(base):
        page.goto(base + path)  # type: ignore[attr-defined]
        wide = page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wide <= 0, f"{path} scrolls sideways by {wide}px at 375px"
        page.screenshot(path=shots / f"{name}-375.png", full_page=True)  # type: ignore[attr-defined]


EDIT_KEY = "browser-edit-key"
BASHAR = "sp_2412c587a234"  # بشار اسد in the seed


@pytest.fixture(scope="module", params=BACKENDS)
def editable(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server of its own with an API key: the rename below changes its data."""
    folder = tmp_path_factory.mktemp(f"editor-{request.param}")
    with database(request.param, folder) as url, live_server(folder, url, API_KEY=EDIT_KEY) as port:
        yield f"http://127.0.0.1:{port}"


def test_the_rename_form_works_from_the_keyboard(editable: str, page: object, shots: Path) -> None:
    """Without JavaScript's help: a wrong key shows the error with focus on the key field,
    then the right key renames and the page (after the 303) shows the new name."""
    page.goto(f"{editable}/speakers/{BASHAR}")  # type: ignore[attr-defined]
    name = page.get_by_label("نام درست")  # type: ignore[attr-defined]
    name.fill("بشار حافظ اسد")
    page.get_by_label("کلید API").first.fill("wrong")  # type: ignore[attr-defined]
    page.get_by_label("کلید API").first.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    alert = page.get_by_role("alert")  # type: ignore[attr-defined]
    assert "کلید API درست نیست" in alert.text_content()
    focused = page.evaluate("document.activeElement.id")  # type: ignore[attr-defined]
    assert focused == "rename-key"
    assert "wrong" not in page.url and EDIT_KEY not in page.url  # type: ignore[attr-defined]
    page.screenshot(path=shots / "speaker-edit-error.png", full_page=True)  # type: ignore[attr-defined]
    page.keyboard.type(EDIT_KEY)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(f"{editable}/speakers/{BASHAR}")  # type: ignore[attr-defined]
    assert page.locator("h1").text_content() == "بشار حافظ اسد"  # type: ignore[attr-defined]
    assert EDIT_KEY not in page.url  # type: ignore[attr-defined]
    assert _api(editable, f"/v1/speakers/{BASHAR}")["name"] == "بشار حافظ اسد"
    context = page.context  # type: ignore[attr-defined]
    assert context.outside == []


def test_screenshots_were_saved(shots: Path) -> None:
    saved = sorted(p.name for p in shots.glob("*.png"))
    assert "article-focus.png" in saved and "article-375.png" in saved
    if os.environ.get("GOFTAR_README_SHOT"):  # refresh docs/img/article.png from this run
        shutil.copy(shots / "article-focus.png", os.environ["GOFTAR_README_SHOT"])
