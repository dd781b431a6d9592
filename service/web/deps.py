"""Shared state of the web app: settings, the SPARQL executor of the current store, the answerer."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from kg.store import GraphStore
from service.config import Settings
from service.web.executor import QueryExecutor

__all__ = ["Services"]

TEMPLATES = Path(__file__).parent / "templates"


class Services:
    """Created once per app by ``create_app``; everything heavy is loaded on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = GraphStore(settings.data_dir)
        self.templates = Jinja2Templates(directory=str(TEMPLATES))
        self._lock = threading.Lock()
        self._executor: tuple[Path, QueryExecutor] | None = None
        self._answerer: tuple[Path, Any] | None = None
        self._graph: tuple[Path, Any] | None = None
        self._activities: tuple[Path, list[dict[str, Any]], list[dict[str, Any]]] | None = None

    def executor(self) -> QueryExecutor:
        """The executor of the current store (a new one after a rebuild switched stores)."""
        current = self.store.require_current()
        with self._lock:
            if self._executor is None or self._executor[0] != current:
                if self._executor is not None:
                    self._executor[1].close()
                executor = QueryExecutor(
                    current / "oxigraph",
                    workers=self.settings.sparql_workers,
                    timeout=self.settings.sparql_timeout,
                    row_cap=self.settings.sparql_row_cap,
                    union=self.store.union(current),
                )
                self._executor = (current, executor)
            return self._executor[1]

    def answerer(self) -> Any:
        from service.engine import answerer

        current = self.store.require_current()
        with self._lock:
            if self._answerer is None or self._answerer[0] != current:
                self._answerer = (current, answerer(self.settings, current))
            return self._answerer[1]

    def graph(self) -> Any:
        """The current graph through rdflib (no model needed)."""
        return self.snapshot()[1]

    def snapshot(self) -> tuple[Path, Any]:
        """The current store's folder and its graph, resolved together (a rebuild cannot slip between)."""
        current = self.store.require_current()
        with self._lock:
            if self._graph is None or self._graph[0] != current:
                self._graph = (current, self.store.open_graph(current))
            return self._graph

    def activities(self, **filters: str | None) -> list[dict[str, Any]]:
        """``kg.queries.list_activities`` with ``filters``; the full list is computed once per store (a
        store never changes: a rebuild is a new store), so pages and API calls only filter it."""
        from kg.queries import filter_activities, list_activities, report_documents

        folder, graph = self.snapshot()
        with self._lock:
            cached = self._activities if self._activities and self._activities[0] == folder else None
        if cached is None:
            cached = (folder, list_activities(graph), report_documents(graph))
            with self._lock:
                self._activities = cached
        return filter_activities(cached[1], cached[2], **filters)

    def render(self, template_name: str, request: Request, **context: Any) -> str:
        template = self.templates.get_template(template_name)
        return template.render(request=request, **context)

    def close(self) -> None:
        if self._executor is not None:
            self._executor[1].close()
