"""A build killed with SIGKILL at any stage leaves the last good graph and index current, and the next
build succeeds; graph and index always belong to the same build.

Each case starts `camikg build --force` on a changed report as a separate process group, watches the data
directory (and the build's temporary directory) for the stage it targets, and kills the whole group there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from search.errors import IndexMissingError
from service import engine
from service.config import Settings
from service.engine import answerer, search_index

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "cami3-doc2-overview-report.md"
pytestmark = pytest.mark.slow


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "CAMIKG_DATA_DIR": str(data_dir), "CAMIKG_ENCODER": "hashing"}


def _build(data_dir: Path, source: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "build", str(source), *extra],
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes its workers too
    )


def _staging(data_dir: Path) -> list[Path]:
    return list((data_dir / "stores").glob(".staging-*"))


def _cached_reports(data_dir: Path) -> set[str]:
    return {p.parent.name for p in (data_dir / "cache" / "docs").glob("*/graph.nt")}


# stage -> condition on (data dir, report caches before the build) that says the build has reached it
STAGES: dict[str, Callable[[Path, set[str]], bool]] = {
    "parsing": lambda d, cached: True,
    "reasoning (HermiT running)": lambda d, cached: any((d / "tmp").glob("camikg-reason-*")),
    "report triples cached": lambda d, cached: bool(_cached_reports(d) - cached),
    "writing the store": lambda d, cached: bool(_staging(d)),
    "writing the index": lambda d, cached: any((s / "search").exists() for s in _staging(d)),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data dir with a good build of the bundled report, and a changed report to rebuild from."""
    root = tmp_path_factory.mktemp("crash")
    data_dir = root / "data"
    good = _build(data_dir, CORPUS)
    _, err = good.communicate(timeout=600)
    assert good.returncode == 0, err.decode()
    changed = root / "changed.md"
    text = CORPUS.read_text(encoding="utf-8")
    changed.write_text(text.replace("*Partially achieved.*", "*Not achieved.*", 5), encoding="utf-8")
    return data_dir, changed


def _served(data_dir: Path) -> tuple[str, int, str]:
    """(build id of `current`, triples in its store, build id its search index records)."""
    current = (data_dir / "current").resolve()
    build_id = json.loads((current / "build.json").read_text())["build_id"]
    triples = len(ox.Store.read_only(str(current / "oxigraph")))
    index_id = json.loads((current / "search" / "meta.json").read_text())["build_id"]
    return build_id, triples, index_id


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_build_killed_leaves_the_last_good_graph(stage: str, store: tuple[Path, Path]):
    data_dir, changed = store
    before = _served(data_dir)
    assert before[0] == before[2]
    reached, cached = STAGES[stage], _cached_reports(data_dir)
    process = _build(data_dir, changed, "--force")
    deadline = time.monotonic() + 300
    while not reached(data_dir, cached):
        assert process.poll() is None, f"the build ended before reaching {stage!r}"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _served(data_dir) == before  # same build, same triples, index of the same build
    graph_and_index = answerer(Settings(data_dir=data_dir, encoder="hashing"))
    assert graph_and_index.answer("Which countries use SMART?").answer


def test_the_next_build_succeeds_and_cleans_up(store: tuple[Path, Path]):
    data_dir, changed = store
    before = _served(data_dir)
    process = _build(data_dir, changed, "--force")
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()
    after = _served(data_dir)
    assert after[0] != before[0] and after[0] == after[2]
    assert not _staging(data_dir)
    assert not list((data_dir / "tmp").glob("camikg-reason-*"))


def test_an_index_of_another_build_is_refused(store: tuple[Path, Path]):
    data_dir, _ = store
    meta_path = (data_dir / "current").resolve() / "search" / "meta.json"
    meta = json.loads(meta_path.read_text())
    engine._index.cache_clear()
    try:
        meta_path.write_text(json.dumps({**meta, "build_id": "20000101T000000-1-1"}))
        with pytest.raises(IndexMissingError, match="belongs to build 20000101T000000-1-1"):
            search_index(Settings(data_dir=data_dir, encoder="hashing"))
    finally:
        meta_path.write_text(json.dumps(meta))
        engine._index.cache_clear()


def test_readers_during_a_rebuild_see_one_whole_build(store: tuple[Path, Path]):
    """While a rebuild switches stores, every answer comes from one build: the graph a request reads and
    the manifest it reports belong together (the store's triple count is the one its manifest records)."""
    from fastapi.testclient import TestClient

    from service.web.app import create_app

    data_dir, changed = store
    seen: set[tuple[str, int]] = set()
    with TestClient(create_app(Settings(data_dir=data_dir, encoder="hashing"))) as client:
        process = _build(data_dir, changed, "--force")
        while process.poll() is None:
            data = client.get("/api/stats").json()
            assert data["triples"] == data["build"]["triples"], "graph and manifest of different builds"
            seen.add((data["build"]["build_id"], data["triples"]))
            answer = client.get("/api/ask", params={"q": "Which countries use SMART?"})
            assert answer.status_code == 200
        process.communicate(timeout=30)
        assert process.returncode == 0
        data = client.get("/api/stats").json()
        seen.add((data["build"]["build_id"], data["triples"]))
    assert len({build for build, _ in seen}) == 2  # the old build, then the new one
