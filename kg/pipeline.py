"""Build the graph: parse reports, write triples, validate, reason, and switch the store atomically."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from ingest.lexicon import Lexicon
from ingest.load import load_lexicon, read_report, vocabulary_graph
from ingest.records import Report
from kg.build import build_graph
from kg.errors import ValidationError
from kg.reason import check_consistency, entailments_of, materialize
from kg.store import GraphStore
from kg.validate import validate_graph
from ontology import DATA_BASE, ONTOLOGY_FILE, PREFIXES, SHAPES_FILE, vocab_files

__all__ = ["BuildResult", "assemble", "build_store", "ontology_graph", "shapes_graph"]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    reports: list[Report]
    triples: int
    inferred: int
    store: Path | None
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False  # the inputs were those of the current store, which was kept


_CODE_DIRS = ("ingest", "kg", "search")


def input_fingerprint(reports: Sequence[Report], base: str, reason: bool, extra_key: str) -> str:
    """SHA-256 of everything a build depends on: texts, vocabularies, ontology, shapes, code, settings."""
    digest = hashlib.sha256()
    for value in (base, str(reason), extra_key):
        digest.update(value.encode() + b"\0")
    for report in reports:
        digest.update(report.sha256.encode() + report.name.encode() + b"\0")
    root = ONTOLOGY_FILE.parent.parent
    files = [ONTOLOGY_FILE, SHAPES_FILE, *vocab_files()]
    files += sorted(p for d in _CODE_DIRS for p in (root / d).rglob("*.py"))
    files += sorted((root / "kg" / "sparql").glob("*.rq"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph


def _bind(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)


def assemble(
    reports: Sequence[Report],
    lexicon: Lexicon,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[Graph, int]:
    """Return (ontology + vocabularies + data + entailments, number of inferred triples).

    Raises ValidationError or InconsistentGraphError when the data break the contract.
    """
    say = progress or (lambda _msg: None)
    clock = timings if timings is not None else {}
    t = time.perf_counter()
    data = Graph()
    for report in reports:
        data += build_graph(report, lexicon, base)
    tbox = ontology_graph()
    vocab = vocabulary_graph()
    clock["triples"] = time.perf_counter() - t

    # HermiT runs in a Java process: check consistency on one core while SHACL validates on the other.
    instance_data = vocab + data
    hermit: Future[dict[URIRef, set[URIRef]]] | None = None
    pool = ThreadPoolExecutor(max_workers=1) if reason else None
    if pool is not None:
        say("checking consistency with HermiT; validating against SHACL shapes")
        t_reason = time.perf_counter()
        hermit = pool.submit(check_consistency, tbox, instance_data)
    else:
        say("validating against SHACL shapes")
    try:
        t = time.perf_counter()
        violations = validate_graph(instance_data, shapes_graph(), tbox)
        clock["shacl"] = time.perf_counter() - t
        if violations:
            lines = [f"{v.focus} {v.path}: {v.message}" for v in violations[:20]]
            raise ValidationError(
                f"the graph breaks {len(violations)} SHACL constraint(s); first: {lines[0]}", "\n".join(lines)
            )
        classified = hermit.result() if hermit is not None else None
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    inferred = 0
    full = tbox + vocab + data
    if classified is not None:
        say("materializing entailments")
        added = materialize(instance_data, entailments_of(tbox, classified))
        inferred = len(added)
        full += added
        clock["reasoning (parallel to SHACL)"] = time.perf_counter() - t_reason
    _bind(full)
    return full, inferred


def build_store(
    paths: Sequence[Path],
    data_dir: Path,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    progress: Progress | None = None,
    extra: Callable[[Path, list[Report]], None] | None = None,
    extra_key: str = "",
    force: bool = False,
) -> BuildResult:
    """Parse ``paths`` and replace the store in ``data_dir`` with the new graph, or change nothing.

    ``extra(folder, reports)`` writes further artefacts (the search index) into the new store's folder
    before it becomes current; ``extra_key`` names what it depends on (the encoder). When the reports,
    vocabularies, ontology, code and settings are those of the current store, the current store is kept
    (unless ``force``): a rebuild of unchanged input costs a parse.
    """
    say = progress or (lambda _msg: None)
    store = GraphStore(data_dir)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with store.lock():
        lexicon = load_lexicon()
        reports = []
        t = time.perf_counter()
        for path in paths:
            say(f"parsing {path.name}")
            reports.append(read_report(Path(path), lexicon))
        timings["parse"] = time.perf_counter() - t
        fingerprint = input_fingerprint(reports, base, reason, extra_key if extra is not None else "")
        current = store.current
        if current is not None and not force:
            previous = store.manifest()
            if previous.get("fingerprint") == fingerprint:
                timings["total"] = time.perf_counter() - started
                return BuildResult(
                    reports,
                    int(previous.get("triples", 0)),
                    int(previous.get("inferred_triples", 0)),
                    current,
                    timings,
                    reused=True,
                )
        graph, inferred = assemble(reports, lexicon, base, reason=reason, progress=say, timings=timings)
        say("writing the store")
        t = time.perf_counter()
        nt = graph.serialize(format="nt", encoding="utf-8")
        manifest = {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "fingerprint": fingerprint,
            "base": base,
            "inferred_triples": inferred,
            "reasoned": reason,
            "reports": [
                {
                    "name": r.name,
                    "symbol": r.metadata.symbol,
                    "sha256": r.sha256,
                    "paragraphs": len(r.paragraphs),
                    "activities": len(r.activities),
                    "warnings": list(r.warnings),
                }
                for r in reports
            ],
        }
        hook = None
        if extra is not None:

            def hook(folder: Path) -> None:
                say("indexing for search")
                t_extra = time.perf_counter()
                extra(folder, reports)
                timings["index"] = time.perf_counter() - t_extra

        final = store.replace(nt, {**manifest, "seconds": timings}, before_switch=hook)
        timings["store"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - started
    return BuildResult(reports, len(graph), inferred, final, timings)
