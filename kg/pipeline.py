"""From reports to validated, reasoned triples, one report at a time.

Each report is processed on its own — triples, SHACL validation and HermiT's consistency check over
ontology + vocabularies + that report, then its entailments — so the cost grows linearly with the corpus
and reports can be processed in parallel worker processes (``kg.corpus`` caches the result per report and
writes the store). A report's triples are split in two: those about its own resources (the named graph
of the report: its IRI and everything under it) and those about resources reports share (a programme of
work and its activities), which every review of the same programme states alike.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from ingest.lexicon import Lexicon
from ingest.load import load_lexicon, vocabulary_graph
from ingest.records import Report
from kg.build import build_graph, iris_for
from kg.errors import GraphError, ValidationError
from kg.reason import check_consistency, entailments_of, materialize
from kg.validate import validate_graph
from ontology import DATA_BASE, ONTOLOGY_FILE, PREFIXES, SHAPES_FILE, vocab_files

__all__ = [
    "TERMS_GRAPH",
    "DocumentGraph",
    "assemble",
    "code_fingerprint",
    "document_key",
    "ontology_graph",
    "process_all",
    "process_report",
    "programmes_graph",
    "shapes_graph",
    "terms_graph",
]

Progress = Callable[[str], None]

# Named graphs besides one per report (its document IRI).
TERMS_GRAPH = "https://w3id.org/cami-kg/graph/terms"  # ontology, vocabularies and their entailments


def programmes_graph(base: str = DATA_BASE) -> str:
    """The named graph of what reports share: programmes of work and their activities."""
    return f"{base}graph/programmes"


@dataclass
class DocumentGraph:
    """One report's validated triples and their entailments, as N-Triples in two parts."""

    name: str
    iri: str  # the document IRI, which names the report's graph
    ntriples: bytes  # about the report's own resources (the document and everything under its IRI)
    common: bytes  # about shared resources (programme, activities), the same in every review
    triples: int
    inferred: int
    seconds: dict[str, float] = field(default_factory=dict)
    classified: dict[URIRef, set[URIRef]] | None = None  # HermiT's class hierarchy (None without reasoning)


_CODE_DIRS = ("ingest", "kg")
_INFERRED = "inferred triples"  # the header line of a report's N-Triples names how many are inferred


def inferred_in(ntriples: bytes) -> int:
    """How many of a report's triples are inferred (from the header line ``process_report`` writes)."""
    first = ntriples[: ntriples.find(b"\n")].decode("utf-8", "replace")
    words = first.rsplit(": ", 1)[-1].split(" ", 1)
    return int(words[0]) if first.startswith("#") and words[0].isdigit() else 0


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 of what turns a report into triples: vocabularies, ontology, shapes and the code."""
    digest = hashlib.sha256()
    root = ONTOLOGY_FILE.parent.parent
    files = [ONTOLOGY_FILE, SHAPES_FILE, *vocab_files()]
    files += sorted(p for d in _CODE_DIRS for p in (root / d).rglob("*.py"))
    files += sorted((root / "kg" / "sparql").glob("*.rq"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def document_key(name: str, sha256: str, base: str, reason: bool, layout: str = "") -> str:
    """What a report's processed triples depend on: its text and name, the code, ontology and settings
    (``layout``: a fingerprint of a user's layout file, empty for the shipped layout)."""
    parts = (code_fingerprint(), base, str(reason), name, sha256, layout)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


def ontology_graph() -> Graph:
    """The OWL ontology (a fresh copy the caller may change)."""
    return Graph() + _ontology()


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph


def shapes_graph() -> Graph:
    """The SHACL shapes (a fresh copy the caller may change)."""
    return Graph() + _shapes()


def _bind(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)


def terms_graph(classified: dict[URIRef, set[URIRef]] | None, reason: bool) -> tuple[Graph, int]:
    """Ontology + vocabularies + the entailments of the vocabularies: the same for every report.

    ``classified`` is HermiT's class hierarchy from any report's check (it depends on the ontology only);
    without one, HermiT checks and classifies ontology + vocabularies here.
    """
    tbox, vocab = _ontology(), vocabulary_graph()
    shared = Graph()
    shared += tbox
    shared += vocab
    if not reason:
        return shared, 0
    if classified is None:
        classified = check_consistency(shared)
    added = materialize(vocab, entailments_of(tbox, classified))
    shared += added
    return shared, len(added)


def process_report(
    report: Report,
    lexicon: Lexicon,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    workdir: Path | None = None,
) -> DocumentGraph:
    """Triples of one report, validated against the shapes and checked by HermiT, with entailments.

    HermiT's input files go to ``workdir`` (a build's scratch folder, emptied by the next build).

    Raises ValidationError or InconsistentGraphError (naming the report) when the data break the contract.
    """
    clock: dict[str, float] = {}
    t = time.perf_counter()
    data = build_graph(report, lexicon, base)
    tbox, vocab = _ontology(), vocabulary_graph()
    checked = Graph()
    checked += tbox
    checked += vocab
    checked += data
    clock["triples"] = time.perf_counter() - t

    # HermiT runs in a Java process: it checks consistency on one core while SHACL validates on the other.
    hermit: Future[dict[URIRef, set[URIRef]]] | None = None
    pool = ThreadPoolExecutor(max_workers=1) if reason else None
    t_reason = time.perf_counter()
    try:
        if pool is not None:
            hermit = pool.submit(check_consistency, checked, workdir=workdir)
        t = time.perf_counter()
        violations = validate_graph(checked, _shapes())
        clock["shacl"] = time.perf_counter() - t
        if violations:
            lines = [f"{v.focus} {v.path}: {v.message}" for v in violations[:20]]
            raise ValidationError(
                f"{report.name}: the graph breaks {len(violations)} SHACL constraint(s); first: {lines[0]}",
                "\n".join(lines),
            )
        classified = hermit.result() if hermit is not None else None
    except GraphError as exc:
        if hermit is not None:
            hermit.cancel()
        if report.name in str(exc):
            raise
        raise type(exc)(f"{report.name}: {exc}") from exc
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    added = Graph()
    if classified is not None:
        added = materialize(data, entailments_of(tbox, classified))
        clock["reasoning (parallel to SHACL)"] = time.perf_counter() - t_reason
    t = time.perf_counter()
    data += added
    doc = document_iri(report, base)
    own, common = _split(data, doc)
    header = f"# {report.name}: {len(added)} {_INFERRED}\n".encode()
    nt = header + own.serialize(format="nt", encoding="utf-8")
    common_nt = common.serialize(format="nt", encoding="utf-8")
    clock["serialize"] = time.perf_counter() - t
    return DocumentGraph(report.name, str(doc), nt, common_nt, len(data), len(added), clock, classified)


def document_iri(report: Report, base: str = DATA_BASE) -> URIRef:
    """The IRI of the report (and of its named graph)."""
    return iris_for(report, base).doc


def _split(data: Graph, doc: URIRef) -> tuple[Graph, Graph]:
    """(triples touching the document's own resources, the rest: shared resources such as activities)."""
    prefix = f"{doc}/"

    def own(node: object) -> bool:
        return isinstance(node, URIRef) and (node == doc or node.startswith(prefix))

    mine, shared = Graph(), Graph()
    for triple in data:
        (mine if own(triple[0]) or own(triple[2]) else shared).add(triple)
    return mine, shared


def _process_in_worker(report: Report, base: str, reason: bool, workdir: Path | None) -> DocumentGraph:
    return process_report(report, load_lexicon(), base, reason=reason, workdir=workdir)


def process_all(
    reports: Sequence[Report],
    lexicon: Lexicon,
    base: str,
    reason: bool,
    say: Progress,
    workdir: Path | None = None,
) -> Iterator[DocumentGraph]:
    """Process ``reports``, in parallel worker processes when there are several."""
    workers = min(len(reports), os.cpu_count() or 1)
    if workers <= 1:
        for report in reports:
            say(f"validating and reasoning over {report.name}")
            yield process_report(report, lexicon, base, reason=reason, workdir=workdir)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_process_in_worker, r, base, reason, workdir) for r in reports]
        for i, future in enumerate(futures, 1):
            say(f"validating and reasoning: {i}/{len(reports)} reports")
            yield future.result()


def assemble(
    reports: Sequence[Report],
    lexicon: Lexicon,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[Graph, int]:
    """Return (ontology + vocabularies + data + entailments, number of inferred triples), in memory.

    Raises ValidationError or InconsistentGraphError when the data break the contract.
    """
    say = progress or (lambda _msg: None)
    clock = timings if timings is not None else {}
    docs = list(process_all(reports, lexicon, base, reason, say))
    full, inferred = terms_graph(docs[0].classified if docs else None, reason)
    for doc in docs:
        full.parse(data=doc.ntriples, format="nt")
        full.parse(data=doc.common, format="nt")
        inferred += doc.inferred
        for stage, seconds in doc.seconds.items():
            clock[stage] = clock.get(stage, 0.0) + seconds
    _bind(full)
    return full, inferred
