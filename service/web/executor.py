"""SPARQL execution in worker processes, so a query that runs too long can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: each query therefore runs in a
worker process that holds the store open read-only. When the timeout passes, the worker is terminated
(its CPU and memory come back) and a fresh one takes its place; the caller gets QueryTimeoutError.
Workers are started lazily and reused, so the common case costs one pipe round trip.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

__all__ = ["QueryExecutor", "QueryFailed", "QueryTimeoutError", "Result"]


class QueryTimeoutError(Exception):
    """The query ran past the time limit and was stopped."""


class QueryFailed(Exception):
    """The query is malformed or failed inside the store."""


@dataclass
class Result:
    kind: str  # "solutions" | "boolean" | "graph"
    variables: list[str]
    rows: list[list[tuple[str, str, str | None, str | None] | None]]  # (kind, value, datatype, language)
    boolean: bool | None
    triples: bytes  # N-Triples for CONSTRUCT/DESCRIBE
    truncated: bool


def _term(term: Any) -> tuple[str, str, str | None, str | None] | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value if term.datatype else None, term.language)
    return ("literal", str(term), None, None)


def _graph_name(iri: str) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _worker(
    store_path: str, conn: Connection, union: bool
) -> None:  # pragma: no cover - runs in a child process
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        query, default_graphs, named_graphs, row_cap, base_iri = request
        try:
            kwargs: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
            if default_graphs:
                kwargs["default_graph"] = [_graph_name(g) for g in default_graphs]
            elif union:  # the default graph is the union of the named graphs (one per report)
                kwargs["use_default_graph_as_union"] = True
            if named_graphs:
                kwargs["named_graphs"] = [_graph_name(g) for g in named_graphs]
            elif default_graphs:
                kwargs["named_graphs"] = []
            answer = store.query(query, **kwargs)
            if isinstance(answer, ox.QueryBoolean):
                conn.send(("ok", Result("boolean", [], [], bool(answer), b"", False)))
            elif isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows: list[Any] = []
                truncated = False
                for solution in answer:
                    if len(rows) >= row_cap:
                        truncated = True
                        break
                    rows.append([_term(solution[v]) for v in variables])
                conn.send(("ok", Result("solutions", variables, rows, None, b"", truncated)))
            else:
                triples: list[Any] = []
                truncated = False
                for triple in answer:
                    if len(triples) >= row_cap:
                        truncated = True
                        break
                    triples.append(triple)
                data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                conn.send(("ok", Result("graph", [], [], None, data, truncated)))
        except SyntaxError as exc:
            conn.send(("error", f"SPARQL syntax error: {exc}"))
        except Exception as exc:  # the store reports evaluation errors as OSError/ValueError/RuntimeError
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, ctx: Any, store_path: str, union: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(store_path, child, union), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()


class QueryExecutor:
    """Runs read-only SPARQL queries on a store folder with a hard time limit and a row cap."""

    def __init__(
        self,
        store_path: Path,
        workers: int = 2,
        timeout: float = 10.0,
        row_cap: int = 10_000,
        union: bool = False,
    ) -> None:
        self.store_path = str(store_path)
        self.union = union
        self.timeout = timeout
        self.row_cap = row_cap
        self._ctx = mp.get_context("spawn")
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(workers)

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.stop()
        return _Worker(self._ctx, self.store_path, self.union)

    def run(
        self,
        query: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Result:
        """Run ``query``, relative IRIs against ``base_iri``; raise QueryTimeoutError or QueryFailed.

        Waiting for a free worker counts against the time limit: no request waits longer than it.
        """
        started = time.monotonic()
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryTimeoutError(
                f"every SPARQL worker stayed busy for {self.timeout:g} s (long queries of other clients); "
                "try again shortly"
            )
        try:
            worker = self._take()
            try:
                worker.conn.send((query, default_graphs or [], named_graphs or [], self.row_cap, base_iri))
                if not worker.conn.poll(max(0.0, self.timeout - (time.monotonic() - started))):
                    worker.stop()
                    raise QueryTimeoutError(
                        f"the query ran longer than {self.timeout:g} s and was stopped; "
                        "narrow it or add LIMIT"
                    )
                status, payload = worker.conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                worker.stop()
                raise QueryFailed(f"the query worker failed: {exc}") from exc
            with self._lock:
                self._idle.append(worker)
        finally:
            self._slots.release()
        if status == "error":
            raise QueryFailed(payload)
        return payload

    def close(self) -> None:
        with self._lock:
            for worker in self._idle:
                worker.stop()
            self._idle.clear()
