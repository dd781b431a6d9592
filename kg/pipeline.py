"""Build the graph: parse reports, write triples, validate, reason, and switch the store atomically."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ingest.lexicon import Lexicon
from ingest.load import load_lexicon, read_report, vocabulary_graph
from ingest.records import Report
from kg.build import build_graph
from kg.errors import ValidationError
from kg.reason import check_consistency, entailments_of, materialize
from kg.store import GraphStore
from kg.validate import validate_graph
from ontology import DATA_BASE, ONTOLOGY_FILE, PREFIXES, SHAPES_FILE

__all__ = ["BuildResult", "assemble", "build_store", "ontology_graph", "shapes_graph"]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    reports: list[Report]
    triples: int
    inferred: int
    store: Path | None
    seconds: dict[str, float] = field(default_factory=dict)


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

    say("validating against SHACL shapes")
    t = time.perf_counter()
    violations = validate_graph(data + vocab, shapes_graph(), tbox)
    clock["shacl"] = time.perf_counter() - t
    if violations:
        lines = [f"{v.focus} {v.path}: {v.message}" for v in violations[:20]]
        raise ValidationError(
            f"the graph breaks {len(violations)} SHACL constraint(s); first: {lines[0]}", "\n".join(lines)
        )
    inferred = 0
    full = tbox + vocab + data
    if reason:
        say("checking consistency with HermiT and materializing entailments")
        t = time.perf_counter()
        classified = check_consistency(tbox, vocab + data)
        added = materialize(vocab + data, entailments_of(tbox, classified))
        inferred = len(added)
        full += added
        clock["reasoning"] = time.perf_counter() - t
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
) -> BuildResult:
    """Parse ``paths`` and replace the store in ``data_dir`` with the new graph, or change nothing.

    ``extra(folder, reports)`` writes further artefacts (the search index) into the new store's folder
    before it becomes current.
    """
    say = progress or (lambda _msg: None)
    store = GraphStore(data_dir)
    timings: dict[str, float] = {}
    with store.lock():
        lexicon = load_lexicon()
        reports = []
        t = time.perf_counter()
        for path in paths:
            say(f"parsing {path.name}")
            reports.append(read_report(Path(path), lexicon))
        timings["parse"] = time.perf_counter() - t
        graph, inferred = assemble(reports, lexicon, base, reason=reason, progress=say, timings=timings)
        say("writing the store")
        t = time.perf_counter()
        nt = graph.serialize(format="nt", encoding="utf-8")
        manifest = {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
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
    return BuildResult(reports, len(graph), inferred, final, timings)
