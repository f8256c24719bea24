"""Every template and static file of the reader is package data (an installed wheel has it)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from tests.conftest import ROOT


def test_every_reader_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["app.web"]
    web = ROOT / "app" / "web"
    files = [
        p.relative_to(web).as_posix()
        for folder in ("templates", "static")
        for p in (web / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert any(f.endswith(".woff2") for f in files) and "templates/article.html" in files
    missing = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)]
    assert missing == []
