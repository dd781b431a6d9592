"""The web application: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from kg.errors import GraphError, QueryError, StoreMissingError
from search.errors import SearchError
from service.config import Settings
from service.web.deps import Services
from service.web.routes import api, pages, sparql

__all__ = ["create_app", "public_message"]

log = logging.getLogger("camikg.web")
_PATH = re.compile(r"(?<![\w:/\\])(?:[A-Za-z]:)?(?:[/\\][\w.@~+-]+){2,}[/\\]?")


def public_message(message: str) -> str:
    """``message`` without filesystem paths (they say nothing to a client and too much to an attacker)."""
    return _PATH.sub("…", message)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI app over the graph in ``settings.data_dir``."""
    settings = settings or Settings()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        title="cami-kg",
        version="0.1.0",
        summary="Evidence graph of the CMS CAMI Programme of Work review: SPARQL, answers with evidence.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads from a CDN; /docs renders the OpenAPI document ourselves
        redoc_url=None,
    )
    app.state.services = services
    app.include_router(sparql.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")

    if settings.cors_origins:  # off unless origins are configured (CAMIKG_CORS_ORIGINS='["https://…"]')
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
        )

    # Error responses say what went wrong and what to do, never where files are or how the code ran:
    # the full message (and traceback) goes to the server log.
    @app.exception_handler(StoreMissingError)
    async def no_store(request: Request, exc: StoreMissingError) -> JSONResponse:
        log.warning("%s", exc)
        return JSONResponse({"detail": "no graph has been built yet: run `camikg build`"}, status_code=503)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": public_message(str(exc))}, status_code=400)

    @app.exception_handler(GraphError)
    async def graph_error(request: Request, exc: GraphError) -> JSONResponse:
        log.error("graph error on %s: %s", request.url.path, exc)
        return JSONResponse({"detail": "the graph could not be read; see the server log"}, status_code=500)

    @app.exception_handler(SearchError)
    async def search_error(request: Request, exc: SearchError) -> JSONResponse:
        log.error("search error on %s: %s", request.url.path, exc)
        detail = "search is unavailable (the index is missing or stale): rebuild with `camikg build`"
        return JSONResponse({"detail": detail}, status_code=503)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> PlainTextResponse:
        log.exception("unexpected error on %s", request.url.path)
        return PlainTextResponse("internal error; see the server log\n", status_code=500)

    return app
