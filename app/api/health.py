"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app.api.deps import db_of
from app.schemas import Health, Ready
from app.store import read

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="The process is up",
    description="Always 200 while the process serves requests; it does not touch the database.",
    response_model=Health,
)
async def healthz() -> Health:
    # On the event loop: a liveness check must not wait for a thread behind busy routes.
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Ready to serve",
    description="200 once the database answers and the startup ingest has finished; 503 before.",
    response_model=Ready,
    responses={503: {"model": Ready, "description": "Not ready yet"}},
)
async def readyz(request: Request) -> JSONResponse:
    finished = bool(getattr(request.app.state, "ingest_finished", False))
    try:
        # Its own lane: a probe answers while every read thread is busy.
        counts = await db_of(request).read(read.counts, lane="health")
        database = True
    except SQLAlchemyError:
        counts, database = {"articles": 0, "speakers": 0, "quotes": 0}, False
    ready = database and finished
    body = Ready(
        status="ready" if ready else "starting",
        database=database,
        ingest_finished=finished,
        **counts,
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
