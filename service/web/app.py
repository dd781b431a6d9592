"""The web application: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from kg.errors import GraphError, QueryError, StoreMissingError
from search.errors import SearchError
from service.config import Settings
from service.web.deps import Services
from service.web.routes import api, pages, sparql

__all__ = ["create_app"]


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

    @app.exception_handler(StoreMissingError)
    async def no_store(request: Request, exc: StoreMissingError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(GraphError)
    async def graph_error(request: Request, exc: GraphError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=500)

    @app.exception_handler(SearchError)
    async def search_error(request: Request, exc: SearchError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    return app
