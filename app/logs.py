"""Logging set-up shared by the server and the CLI, and the request id every log line carries.

The request id lives in a context variable set by :mod:`app.api.middleware`; a filter on the
handler copies it into each record, so a line logged anywhere while a request is served (a
route, the ingester, SQLAlchemy) names the request it belongs to, and ``-`` outside requests.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id``; a filter on the handler sees records from every logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def configure(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=FORMAT)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())
    # Alembic announces every plugin at INFO; its own warnings are what an operator needs.
    logging.getLogger("alembic").setLevel(logging.WARNING)
