"""Bodies for articles stored before revision 0003 kept them (see app/bodies.py).

Run by the startup work, after the migrations: a database upgraded in place has every article
without its body, and the read routes would build each from its rows until it had one.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.bodies import articles_without_body, fill_body
from app.db import storage_condition
from app.ingest.lock import lock_article_writes

log = logging.getLogger("goftar.ingest")


def fill_missing_bodies(engine: Engine) -> int:
    """Store the bodies the database lacks, one article per transaction; how many were filled.

    A read-only database (a replica) is left as it is, with a warning: its primary fills them.
    """
    with engine.connect() as conn:
        missing = articles_without_body(conn)
    for n, article_id in enumerate(missing):
        try:
            with Session(engine) as session, session.begin():
                lock_article_writes(session)
                fill_body(session.connection(), article_id)
        except DBAPIError as exc:
            if storage_condition(exc) != "read-only":
                raise
            log.warning("%d articles have no stored body; the database is read-only", len(missing))
            return n
    if missing:
        log.info("stored the bodies of %d articles written before they were kept", len(missing))
    return len(missing)
