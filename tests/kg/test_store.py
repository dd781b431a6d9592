"""The on-disk store: atomic replacement, and a failed build never damages the last good graph."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.pipeline
from ingest.errors import EmptyInputError, NoParagraphsError
from kg.corpus import build_store
from kg.errors import BuildLockedError, StoreMissingError, ValidationError
from kg.queries import run_query
from kg.store import GraphStore
from kg.validate import Violation

MINI = Path(__file__).resolve().parent.parent / "data" / "mini_pow_report.md"


def _count(store: GraphStore) -> int:
    return int(next(iter(run_query(store.open_graph(), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])


@pytest.fixture
def good_store(tmp_path: Path) -> GraphStore:
    build_store([MINI], tmp_path, reason=False)
    return GraphStore(tmp_path)


def test_no_store_before_the_first_build(tmp_path: Path):
    with pytest.raises(StoreMissingError, match="camikg build"):
        GraphStore(tmp_path).open_graph()


def test_build_makes_a_current_store(good_store: GraphStore):
    manifest = good_store.manifest()
    assert manifest["reports"][0]["symbol"] == "UNEP/CMS/TMI1/Doc.5"
    assert manifest["triples"] == _count(good_store) > 1000


def test_rebuild_switches_to_a_new_store_and_prunes_old_ones(good_store: GraphStore):
    first = good_store.current
    build_store([MINI], good_store.data_dir, reason=False, force=True)
    build_store([MINI], good_store.data_dir, reason=False, force=True)
    assert good_store.current != first
    kept = [p for p in good_store.stores.iterdir() if p.is_dir()]
    assert len(kept) == 2


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"", EmptyInputError), (b"Just prose, no numbered paragraphs at all.\n", NoParagraphsError)],
)
def test_bad_input_leaves_the_last_good_graph(
    good_store: GraphStore, tmp_path: Path, content: bytes, error: type
):
    before = (good_store.current, good_store.manifest()["build_id"], _count(good_store))
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    with pytest.raises(error):
        build_store([bad], good_store.data_dir, reason=False)
    assert (good_store.current, good_store.manifest()["build_id"], _count(good_store)) == before


def test_shacl_failure_leaves_the_last_good_graph(good_store: GraphStore, monkeypatch: pytest.MonkeyPatch):
    before = good_store.manifest()["build_id"]
    monkeypatch.setattr(kg.pipeline, "validate_graph", lambda *a, **k: [Violation("x", "p", "broken")])
    with pytest.raises(ValidationError, match="SHACL"):
        build_store([MINI], good_store.data_dir, reason=False, force=True)
    assert good_store.manifest()["build_id"] == before


def test_crash_while_writing_the_store_leaves_the_last_good_graph(
    good_store: GraphStore, monkeypatch: pytest.MonkeyPatch
):
    before = good_store.manifest()["build_id"]

    def explode(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(ox.Store, "bulk_load", explode)
    with pytest.raises(OSError, match="disk full"):
        build_store([MINI], good_store.data_dir, reason=False, force=True)
    monkeypatch.undo()
    assert good_store.manifest()["build_id"] == before
    assert not list(good_store.stores.glob(".staging-*"))
    assert _count(good_store) > 1000


def test_a_second_build_cannot_run_while_one_holds_the_lock(good_store: GraphStore):
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with good_store.lock():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(10)
    try:
        with pytest.raises(BuildLockedError):
            build_store([MINI], good_store.data_dir, reason=False)
    finally:
        release.set()
        thread.join()


def test_unchanged_input_keeps_the_current_store(good_store: GraphStore, tmp_path: Path):
    first = good_store.current
    again = build_store([MINI], good_store.data_dir, reason=False)
    assert again.reused and good_store.current == first
    changed = tmp_path / "mini.md"
    changed.write_text(MINI.read_text(encoding="utf-8").replace("Mongolia.", "Mongolia and Pakistan."))
    rebuilt = build_store([changed], good_store.data_dir, reason=False)
    assert not rebuilt.reused and good_store.current != first
