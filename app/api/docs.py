"""The API's documentation pages, Swagger UI at ``/docs`` and ReDoc at ``/redoc``, served with
every asset they load from this app itself.

FastAPI's own pages load their scripts and styles from a CDN and ReDoc's fonts from Google: on a
machine without internet both are blank pages. The assets come from the ``fastapi-standalone-
docs`` wheel (Swagger UI, ReDoc, FastAPI's favicon, with their licences), installed like any
other dependency: nothing is downloaded when the app runs. Its ReDoc bundle is the one whose
last reference to another host (the Redocly logo, from a CDN) is rewritten to
``<page>/logo-mini.svg``, which is why ``/redoc/`` serves ReDoc's folder too.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(str(files("fastapi_standalone_docs") / "static"))
STATIC = "/static/docs"
SWAGGER_JS = f"{STATIC}/swagger/swagger-ui-bundle.js"
SWAGGER_CSS = f"{STATIC}/swagger/swagger-ui.css"
REDOC_JS = f"{STATIC}/redoc/redoc.standalone.js"
FAVICON = f"{STATIC}/fastapi/favicon.png"
# Swagger UI sends the document to an online validator for its badge unless told not to.
SWAGGER_PARAMETERS = {"validatorUrl": None, "displayRequestDuration": True}


def install(app: FastAPI, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Mount the assets and add the two pages (out of the OpenAPI document, like FastAPI's)."""
    openapi_url = app.openapi_url or "/openapi.json"
    app.mount(STATIC, StaticFiles(directory=ASSETS), name="docs-assets")
    app.mount(redoc_url, StaticFiles(directory=ASSETS / "redoc"), name="redoc-assets")

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title}: API docs (Swagger UI)",
            swagger_js_url=SWAGGER_JS,
            swagger_css_url=SWAGGER_CSS,
            swagger_favicon_url=FAVICON,
            oauth2_redirect_url=None,  # the API's only scheme is a bearer key
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get(redoc_url, include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title}: API reference (ReDoc)",
            redoc_js_url=REDOC_JS,
            redoc_favicon_url=FAVICON,
            with_google_fonts=False,
        )
