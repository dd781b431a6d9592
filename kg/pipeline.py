"""Build the graph: parse reports, write triples, validate, reason, and switch the store atomically.

Each report is processed on its own — triples, SHACL validation and HermiT's consistency check over
ontology + vocabularies + that report — so the cost of a build grows linearly with the corpus, reports
are processed in parallel worker processes, and a report whose text (and the code, ontology and settings)
did not change is not processed again: its validated, reasoned triples come from the build cache
(``data_dir/cache/graphs``). The store is then loaded from the shared part (ontology, vocabularies and
their entailments) and each report's triples.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from rdflib import Graph, URIRef

from ingest.lexicon import Lexicon
from ingest.load import MAX_INPUT_BYTES, load_lexicon, read_report, vocabulary_graph
from ingest.records import Report
from kg.build import build_graph
from kg.errors import GraphError, ValidationError
from kg.reason import check_consistency, entailments_of, materialize
from kg.store import GraphStore
from kg.validate import validate_graph
from ontology import DATA_BASE, ONTOLOGY_FILE, PREFIXES, SHAPES_FILE, vocab_files

__all__ = [
    "BuildResult",
    "BuildStep",
    "DocumentGraph",
    "assemble",
    "build_store",
    "ontology_graph",
    "process_report",
    "shapes_graph",
]

Progress = Callable[[str], None]


class BuildStep(Protocol):
    """A further artefact of a build (the search index), written into the new store's folder."""

    key: str  # what the artefact depends on beyond the reports (e.g. the encoder), for the fingerprint

    def prepare(self, reports: list[Report]) -> None:
        """Work that needs only the parsed reports; runs beside graph assembly (e.g. embeddings)."""

    def write(self, folder: Path, reports: list[Report], build_id: str) -> None:
        """Write the artefact into ``folder`` before the store becomes current, recording ``build_id``."""


@dataclass
class BuildResult:
    reports: list[Report]
    triples: int
    inferred: int
    store: Path | None
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False  # the inputs were those of the current store, which was kept
    cached_reports: int = 0  # reports whose triples came from the build cache


@dataclass
class DocumentGraph:
    """One report's validated data triples and their entailments, as N-Triples."""

    name: str
    ntriples: bytes
    triples: int
    inferred: int
    seconds: dict[str, float] = field(default_factory=dict)
    classified: dict[URIRef, set[URIRef]] | None = None  # HermiT's class hierarchy (None without reasoning)


_CODE_DIRS = ("ingest", "kg")
_INFERRED = "inferred triples"  # the header line of a report's N-Triples names how many are inferred


def _inferred_in(ntriples: bytes) -> int:
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


def _document_key(report: Report, base: str, reason: bool) -> str:
    parts = (code_fingerprint(), base, str(reason), report.name, report.sha256)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def input_fingerprint(reports: Sequence[Report], base: str, reason: bool, extra_key: str) -> str:
    """SHA-256 of everything a build depends on: texts, vocabularies, ontology, shapes, code, settings."""
    digest = hashlib.sha256()
    root = ONTOLOGY_FILE.parent.parent
    for value in (base, str(reason), extra_key, code_fingerprint()):
        digest.update(value.encode() + b"\0")
    for path in sorted((root / "search").rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for report in reports:
        digest.update(report.sha256.encode() + report.name.encode() + b"\0")
    return digest.hexdigest()


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


def _shared_graph(classified: dict[URIRef, set[URIRef]] | None, reason: bool) -> tuple[Graph, int]:
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
    header = f"# {report.name}: {len(added)} {_INFERRED}\n".encode()
    nt = header + data.serialize(format="nt", encoding="utf-8")
    clock["serialize"] = time.perf_counter() - t
    return DocumentGraph(report.name, nt, len(data), len(added), clock, classified)


def _process_in_worker(report: Report, base: str, reason: bool, workdir: Path | None) -> DocumentGraph:
    return process_report(report, load_lexicon(), base, reason=reason, workdir=workdir)


def _process_all(
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
    docs = list(_process_all(reports, lexicon, base, reason, say))
    full, inferred = _shared_graph(docs[0].classified if docs else None, reason)
    for doc in docs:
        full.parse(data=doc.ntriples, format="nt")
        inferred += doc.inferred
        for stage, seconds in doc.seconds.items():
            clock[stage] = clock.get(stage, 0.0) + seconds
    _bind(full)
    return full, inferred


class _GraphCache:
    """Validated, reasoned N-Triples of single reports, by document key (see ``_document_key``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.nt"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, ntriples: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(ntriples)
        os.replace(tmp, self.path(key))  # a reader never sees half a file

    def keep_only(self, keys: set[str]) -> None:
        for path in self.folder.glob("*.nt"):
            if path.stem not in keys:
                path.unlink(missing_ok=True)


def build_store(
    paths: Sequence[Path],
    data_dir: Path,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    progress: Progress | None = None,
    extra: BuildStep | None = None,
    force: bool = False,
    max_input_bytes: int = MAX_INPUT_BYTES,
) -> BuildResult:
    """Parse ``paths`` and replace the store in ``data_dir`` with the new graph, or change nothing.

    ``extra`` adds an artefact (the search index) to the new store's folder before it becomes current;
    its ``prepare`` runs beside graph assembly. When the reports, vocabularies, ontology, code and
    settings are those of the current store, the current store is kept (unless ``force``): a rebuild of
    unchanged input costs a parse. Reports processed before (same text, code and settings) are taken
    from the build cache, except with ``force``.
    """
    say = progress or (lambda _msg: None)
    store = GraphStore(data_dir)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with store.lock():
        # Scratch files of this build; a build killed before could not remove its own.
        scratch = data_dir / "tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        lexicon = load_lexicon()
        reports = []
        t = time.perf_counter()
        for path in paths:
            say(f"parsing {path.name}")
            reports.append(read_report(Path(path), lexicon, max_input_bytes))
        timings["parse"] = time.perf_counter() - t
        fingerprint = input_fingerprint(reports, base, reason, extra.key if extra is not None else "")
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

        # Embeddings need only the parsed text: compute them beside validation and reasoning.
        side = ThreadPoolExecutor(max_workers=1)
        prepared = side.submit(extra.prepare, reports) if extra is not None else None
        try:
            cache = _GraphCache(data_dir / "cache" / "graphs")
            keys = [_document_key(r, base, reason) for r in reports]
            chunks: dict[str, bytes] = {}
            for key in [] if force else keys:  # --force processes every report again
                hit = cache.get(key)
                if hit is not None:
                    chunks[key] = hit
            todo = [(k, r) for k, r in zip(keys, reports, strict=True) if k not in chunks]
            t = time.perf_counter()
            classified = None
            processed = _process_all([r for _, r in todo], lexicon, base, reason, say, scratch)
            for (key, _), doc in zip(todo, processed, strict=True):
                cache.put(key, doc.ntriples)
                chunks[key] = doc.ntriples
                classified = classified or doc.classified
                for stage, seconds in doc.seconds.items():
                    timings[stage] = timings.get(stage, 0.0) + seconds
            shared_key = hashlib.sha256(f"shared\0{code_fingerprint()}\0{reason}".encode()).hexdigest()
            shared_nt = None if force else cache.get(shared_key)
            if shared_nt is None:
                shared, shared_inferred = _shared_graph(classified, reason)
                header = f"# ontology and vocabularies: {shared_inferred} {_INFERRED}\n".encode()
                shared_nt = header + shared.serialize(format="nt", encoding="utf-8")
                cache.put(shared_key, shared_nt)
            # counted per report: an entailment two reports share is counted twice
            inferred = sum(_inferred_in(nt) for nt in (shared_nt, *chunks.values()))
            timings["graphs"] = time.perf_counter() - t
            if prepared is not None:
                say("computing embeddings")
                t = time.perf_counter()
                prepared.result()
                timings["embeddings (after graphs)"] = time.perf_counter() - t
        finally:
            side.shutdown(wait=True)

        say("writing the store")
        t = time.perf_counter()
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

            def hook(folder: Path, build_id: str) -> None:
                say("indexing for search")
                t_extra = time.perf_counter()
                extra.write(folder, reports, build_id)
                timings["index"] = time.perf_counter() - t_extra

        final = store.replace(
            [shared_nt, *(chunks[k] for k in keys)], {**manifest, "seconds": timings}, before_switch=hook
        )
        cache.keep_only({shared_key, *keys})
        timings["store"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - started
    triples = int(GraphStore(data_dir).manifest().get("triples", 0))
    return BuildResult(reports, triples, inferred, final, timings, cached_reports=len(keys) - len(todo))
