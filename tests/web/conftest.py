"""An app over a store holding the W3C protocol test data (data1-3.nt as named graphs)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import uvicorn
from fastapi.testclient import TestClient

from service.config import Settings
from service.web.app import create_app

W3C = Path(__file__).resolve().parents[2].parent / "shared" / "w3c-sparql11-protocol"
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


def w3c_graphs() -> dict[str, Path]:
    """Graph IRI -> data file, from the manifest's ut:graphData."""
    manifest = rdflib.Graph().parse(W3C / "manifest.ttl", format="turtle")
    out = {}
    for node in manifest.objects(None, UT.graphData):
        graph, label = manifest.value(node, UT.graph), manifest.value(node, rdflib.RDFS.label)
        if graph is not None and label is not None:
            out[str(label)] = W3C / str(graph).rsplit("/", 1)[-1]
    return out


def make_store(data_dir: Path, graphs: dict[str, Path]) -> None:
    """A data directory in GraphStore's layout whose store holds ``graphs`` as named graphs."""
    target = data_dir / "stores" / "w3c"
    target.mkdir(parents=True)
    store = ox.Store(str(target / "oxigraph"))
    for iri, path in graphs.items():
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    store.flush()
    del store
    (data_dir / "current").symlink_to(Path("stores") / "w3c")
    (target / "build.json").write_text("{}", encoding="utf-8")


@pytest.fixture(scope="session")
def w3c_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("w3c")
    make_store(data_dir, w3c_graphs())
    return Settings(data_dir=data_dir, sparql_timeout=20.0)


@pytest.fixture(scope="session")
def w3c_client(w3c_settings: Settings):  # type: ignore[no-untyped-def]
    with TestClient(create_app(w3c_settings), base_url="http://www.example") as client:
        yield client


@contextlib.contextmanager
def serve_in_thread(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free loopback port; yield its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
