"""The persistent graph store: Oxigraph on disk, replaced atomically, queried through rdflib.

Layout of the data directory::

    data/
      stores/<build-id>/      one Oxigraph (RocksDB) store per successful build
      stores/<build-id>/build.json  what went into it
      current -> stores/<build-id>  the store readers open
      build.lock              held while a build runs

A build writes a brand-new store next to the current one and only then swings the ``current`` symlink
(``os.replace`` is atomic on POSIX), so a failed or interrupted build never touches the last good graph.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import BuildLockedError, StoreMissingError
from ontology import PREFIXES

__all__ = ["GraphStore"]

_KEEP = 2  # stores kept on disk: the current one and the one before it


class GraphStore:
    """The on-disk store under ``data_dir``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.stores = self.data_dir / "stores"
        self.current_link = self.data_dir / "current"

    # --- reading --------------------------------------------------------------------------------
    @property
    def current(self) -> Path | None:
        """The directory of the current store, or None before the first build."""
        if not self.current_link.is_symlink() and not self.current_link.exists():
            return None
        target = self.current_link.resolve()
        return target if target.is_dir() else None

    def require_current(self) -> Path:
        path = self.current
        if path is None:
            raise StoreMissingError(
                f"no graph in {self.data_dir}: build one first with `camikg build` (or `make run`)"
            )
        return path

    def manifest(self, folder: Path | None = None) -> dict[str, Any]:
        """What the current store (or the store in ``folder``) was built from (``build.json``)."""
        path = (folder or self.require_current()) / "build.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def union(self, folder: Path | None = None) -> bool:
        """Whether the store's default graph is the union of its named graphs (every cami-kg build)."""
        return self.manifest(folder).get("default_graph") == "union"

    def open_graph(self, folder: Path | None = None) -> Graph:
        """Open the current store (or the store in ``folder``) read-only as an rdflib graph.

        Each report is a named graph; queries and triple lookups see their union (with the ontology,
        vocabularies and programmes). SPARQL runs inside Oxigraph. Readers that open several parts of a
        store (graph, index) resolve ``current`` once and pass the folder, so that a rebuild switching
        stores in between cannot mix them.
        """
        path = folder or self.require_current()
        store = OxigraphStore(store=ox.Store.read_only(str(path / "oxigraph")))
        if self.union(path):
            return Dataset(store=store, default_union=True)
        return Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)

    def open_oxigraph(self, folder: Path | None = None) -> ox.Store:
        """Open the current store read-only as a pyoxigraph ``Store``."""
        return ox.Store.read_only(str((folder or self.require_current()) / "oxigraph"))

    def graphs(self, folder: Path | None = None) -> list[str]:
        """The IRIs of the named graphs: one per report, the programmes, the ontology and vocabularies."""
        return sorted(
            g.value for g in self.open_oxigraph(folder).named_graphs() if isinstance(g, ox.NamedNode)
        )

    def _merged(self, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
        store = self.open_oxigraph()
        if not self.union():
            return store.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes) or b""
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(triples, ox.QueryTriples)
        return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""

    def load_graph(self) -> Graph:
        """Copy the current graph (all reports merged) into an in-memory rdflib ``Graph``."""
        graph = Graph()
        graph.parse(data=self._merged(ox.RdfFormat.N_TRIPLES), format="nt")
        return graph

    def export(self, fmt: str) -> bytes:
        """Serialize the current graph: ``ttl``, ``nt`` or ``jsonld`` (all reports merged), or ``trig`` and
        ``nq`` (one named graph per report)."""
        if fmt == "jsonld":
            return self.load_graph().serialize(format="json-ld").encode("utf-8")
        if fmt == "ttl":
            return self._merged(ox.RdfFormat.TURTLE, dict(PREFIXES))
        if fmt == "nt":
            return self._merged(ox.RdfFormat.N_TRIPLES)
        if fmt in ("trig", "nq"):
            dataset_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
            prefixes = dict(PREFIXES) if fmt == "trig" else None
            return self.open_oxigraph().dump(format=dataset_format, prefixes=prefixes) or b""
        raise ValueError(f"unknown export format {fmt!r}; use ttl, nt, jsonld, trig or nq")

    # --- writing --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the build lock; a second concurrent build fails fast instead of waiting."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / "build.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise BuildLockedError(
                    f"another build is running in {self.data_dir}; wait for it to finish"
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def replace(
        self,
        graphs: bytes | Iterable[tuple[str | None, bytes]],
        manifest: dict[str, Any],
        before_switch: Callable[[Path, str], None] | None = None,
        *,
        base: Path | None = None,
        drop: Iterable[str] = (),
    ) -> Path:
        """Write a new store, then make it current. Call under ``lock()``.

        ``graphs`` are N-Triples for named graphs (``None`` names the default graph), or one N-Triples
        document for the default graph. With ``base``, the new store starts as a copy of that store
        (RocksDB checkpoint: hard links, no rewrite) from which the graphs in ``drop`` and those about to be
        loaded are removed first — an incremental update. ``before_switch(folder, build_id)`` may add files
        (a search index) to the new store's folder, recording the build id they belong to; if anything
        fails, nothing is switched.
        """
        self.stores.mkdir(parents=True, exist_ok=True)
        build_id = (
            time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        )
        staging = self.stores / f".staging-{build_id}"
        final = self.stores / build_id
        chunks: list[tuple[str | None, bytes]] = (
            [(None, graphs)] if isinstance(graphs, bytes) else list(graphs)
        )
        try:
            staging.mkdir()
            if base is not None:
                ox.Store.read_only(str(base / "oxigraph")).backup(str(staging / "oxigraph"))
            union = manifest.get("default_graph") == "union"
            count = _load(staging / "oxigraph", chunks, drop, union)
            manifest = {**manifest, "build_id": build_id, **count}
            if before_switch is not None:
                before_switch(staging, build_id)
            (staging / "build.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        link = self.data_dir / f".current-{build_id}"
        link.symlink_to(Path("stores") / build_id)
        os.replace(link, self.current_link)
        self._prune(keep=final)
        return final

    def _prune(self, keep: Path) -> None:
        """Remove staging leftovers of crashed builds and all but the newest stores."""
        for leftover in self.stores.glob(".staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for link in self.data_dir.glob(".current-*"):
            link.unlink(missing_ok=True)
        builds = sorted(
            (p for p in self.stores.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True
        )
        for old in builds[_KEEP:]:
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)


def _load(
    path: Path, chunks: list[tuple[str | None, bytes]], drop: Iterable[str], union: bool
) -> dict[str, int]:
    """Load ``chunks`` into the store at ``path`` (replacing the graphs they and ``drop`` name); count it."""
    store = ox.Store(str(path))
    try:
        names: set[str] = set(drop) | {n for n, _ in chunks if n is not None}
        for name in sorted(names):
            store.remove_graph(ox.NamedNode(name))
        for graph_name, data in chunks:
            target = ox.NamedNode(graph_name) if graph_name is not None else ox.DefaultGraph()
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        store.flush()
        triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=union)
        assert isinstance(triples, ox.QuerySolutions)
        return {"triples": int(next(iter(triples))[0].value), "quads": len(store)}
    finally:
        # Close RocksDB here, also when loading fails: the exception's traceback would keep the store
        # open, and its files would outlive the removal of the unfinished store's folder.
        del store
