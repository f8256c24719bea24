"""Logging set-up shared by the server and the CLI."""

from __future__ import annotations

import logging


def configure(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Alembic announces every plugin at INFO; its own warnings are what an operator needs.
    logging.getLogger("alembic").setLevel(logging.WARNING)
