"""The corpus in a store: build it from reports, add, replace or remove one report, list them.

A store holds one named graph per report (named by the report's document IRI), the graph of what the
reports share (programmes of work and their activities, merged from every report) and the graph of the
ontology and vocabularies; its default graph is their union. Every change writes a new store next to the
current one and switches to it atomically (``kg.store``), together with the search index.

Per report, the build cache (``data_dir/cache/docs/<key>/``) keeps what processing it produced — its
triples, its shared triples and the inputs of further build steps (the search index) — under a key of its
text, name, the code, ontology and settings. Adding or removing one report therefore parses, validates,
reasons over and embeds that report only: the new store starts as a checkpoint of the current one (hard
links), drops and loads the graphs that change, and the index is assembled from the cached inputs. The
normalized text of every report is kept in ``data_dir/sources`` so that a change of code or settings can
rebuild the corpus without the original files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ingest.load import MAX_INPUT_BYTES, load_layout, load_lexicon, read_report
from ingest.parse import parse_report
from ingest.records import Report
from kg.errors import DocumentNotFoundError, DuplicateDocumentError, GraphError
from kg.pipeline import (
    TERMS_GRAPH,
    DocumentGraph,
    code_fingerprint,
    document_iri,
    document_key,
    inferred_in,
    process_all,
    programmes_graph,
    terms_graph,
)
from kg.store import GraphStore
from ontology import DATA_BASE, ONTOLOGY_FILE

__all__ = [
    "BuildResult",
    "BuildStep",
    "DocumentNotFoundError",
    "DuplicateDocumentError",
    "add_documents",
    "build_store",
    "documents",
    "remove_documents",
]

Progress = Callable[[str], None]


class BuildStep(Protocol):
    """A further artefact of a store (the search index), written into the new store's folder."""

    key: str  # what the artefact depends on beyond the reports (e.g. the encoder)

    def inputs(self, report: Report) -> dict[str, Any]:
        """The step's input from one report (JSON), cached with the report."""

    def prepare(self, inputs: list[dict[str, Any]]) -> None:
        """Work on new reports' inputs that can run beside validation and reasoning (embeddings)."""

    def write(self, folder: Path, inputs: list[dict[str, Any]], build_id: str) -> None:
        """Write the artefact for the whole corpus into ``folder``, recording ``build_id``."""


@dataclass
class BuildResult:
    reports: list[Report]  # the reports parsed by this call (cached or unchanged ones are not)
    documents: list[dict[str, Any]]  # every document now in the store (manifest entries)
    triples: int
    inferred: int
    store: Path | None
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False  # the inputs were those of the current store, which was kept
    cached_reports: int = 0  # reports whose processing came from the build cache


class _DocCache:
    """Per-report results under ``data_dir/cache/docs/<key>/``; files appear atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def get(self, key: str, name: str) -> bytes | None:
        try:
            return (self.folder / key / name).read_bytes()
        except OSError:
            return None

    def put(self, key: str, name: str, data: bytes) -> None:
        self._write(self.folder / key / name, data)

    def keep_only(self, keys: set[str]) -> None:
        if not self.folder.exists():
            return
        for entry in self.folder.iterdir():
            if entry.name not in keys:
                shutil.rmtree(entry, ignore_errors=True)


@dataclass
class _Doc:
    """One document of the corpus being written: its manifest entry and its cached parts."""

    entry: dict[str, Any]
    graph: bytes | None = None  # None: already in the base store, unchanged
    common: bytes = b""
    inputs: dict[str, Any] | None = None


def _entry(report: Report, key: str, iri: str, sources: Path) -> dict[str, Any]:
    return {
        "id": iri,
        "name": report.name,
        "symbol": report.metadata.symbol,
        "title": report.metadata.title,
        "date": report.metadata.start_date,
        "sha256": report.sha256,
        "key": key,
        "source": str(sources / f"{report.sha256}.txt"),
        "paragraphs": len(report.paragraphs),
        "activities": len(report.activities),
        "warnings": list(report.warnings),
    }


def _fingerprint(entries: Sequence[dict[str, Any]], base: str, reason: bool, step_key: str) -> str:
    """SHA-256 of everything a store depends on: texts, vocabularies, ontology, shapes, code, settings."""
    digest = hashlib.sha256()
    root = ONTOLOGY_FILE.parent.parent
    for value in (base, str(reason), step_key, code_fingerprint()):
        digest.update(value.encode() + b"\0")
    for path in sorted((root / "search").rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for entry in sorted(entries, key=lambda e: e["id"]):
        digest.update(f"{entry['id']}\0{entry['name']}\0{entry['sha256']}\0".encode())
    return digest.hexdigest()


def _merge_common(parts: Sequence[bytes]) -> bytes:
    """The union of the reports' shared triples, each once."""
    lines: dict[bytes, None] = {}
    for part in parts:
        for line in part.splitlines():
            if line.strip() and not line.startswith(b"#"):
                lines.setdefault(line.strip(), None)
    return b"\n".join(lines) + b"\n"


class _Writer:
    """Processes reports into the cache and writes stores: shared by build, add and remove."""

    def __init__(
        self,
        data_dir: Path,
        base: str,
        reason: bool,
        step: BuildStep | None,
        say: Progress,
        timings: dict[str, float],
        layout_file: Path | None = None,
    ) -> None:
        self.layout = load_layout(layout_file)
        self.layout_key = hashlib.sha256(layout_file.read_bytes()).hexdigest() if layout_file else ""
        self.store = GraphStore(data_dir)
        self.base, self.reason, self.step, self.say, self.timings = base, reason, step, say, timings
        self.cache = _DocCache(data_dir / "cache" / "docs")
        self.sources = data_dir / "sources"
        self.scratch = data_dir / "tmp"
        shutil.rmtree(self.scratch, ignore_errors=True)  # a killed build could not remove its own
        self.step_file = f"inputs-{hashlib.sha256((step.key if step else '').encode()).hexdigest()[:12]}.json"

    def key(self, report: Report) -> str:
        return document_key(report.name, report.sha256, self.base, self.reason, self.layout_key)

    def read(self, paths: Sequence[Path], max_input_bytes: int) -> list[Report]:
        lexicon = load_lexicon()
        t = time.perf_counter()
        reports = []
        for path in paths:
            self.say(f"parsing {Path(path).name}")
            reports.append(read_report(Path(path), lexicon, max_input_bytes, self.layout))
        self.timings["parse"] = time.perf_counter() - t
        return reports

    def docs(self, reports: Sequence[Report], force: bool) -> tuple[list[_Doc], int]:
        """Process ``reports`` (or take them from the cache): their graphs and step inputs."""
        self.sources.mkdir(parents=True, exist_ok=True)
        out, todo = [], []
        for report in reports:
            key, iri = self.key(report), str(document_iri(report, self.base))
            (self.sources / f"{report.sha256}.txt").write_text(report.source, encoding="utf-8")
            doc = _Doc(_entry(report, key, iri, self.sources))
            graph = None if force else self.cache.get(key, "graph.nt")
            common = None if force else self.cache.get(key, "common.nt")
            if graph is not None and common is not None:
                doc.graph, doc.common = graph, common
                doc.entry["inferred"] = inferred_in(graph)
            else:
                todo.append((doc, report))
            out.append(doc)
        # Further steps (embeddings) need only the parsed text: they run beside validation and reasoning.
        inputs: list[dict[str, Any]] = []
        for doc, report in zip(out, reports, strict=True):
            doc.inputs = self._inputs(doc.entry["key"], report)
            if doc.inputs is not None:
                inputs.append(doc.inputs)
        side = ThreadPoolExecutor(max_workers=1)
        prepared = side.submit(self.step.prepare, inputs) if self.step is not None else None
        try:
            t = time.perf_counter()
            processed = process_all(
                [r for _, r in todo], load_lexicon(), self.base, self.reason, self.say, self.scratch
            )
            for (doc, _), result in zip(todo, processed, strict=True):
                self._keep(doc, result)
            self.timings["graphs"] = time.perf_counter() - t
            if prepared is not None:
                self.say("computing embeddings")
                t = time.perf_counter()
                prepared.result()
                self.timings["embeddings (after graphs)"] = time.perf_counter() - t
        finally:
            side.shutdown(wait=True)
        return out, len(reports) - len(todo)

    def _keep(self, doc: _Doc, result: DocumentGraph) -> None:
        key = doc.entry["key"]
        self.cache.put(key, "graph.nt", result.ntriples)
        self.cache.put(key, "common.nt", result.common)
        doc.graph, doc.common = result.ntriples, result.common
        doc.entry["inferred"] = result.inferred
        for stage, seconds in result.seconds.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        if result.classified is not None and self.cache.get(self._terms_key(), "terms.nt") is None:
            self._terms(result.classified)

    def _inputs(self, key: str, report: Report | None) -> dict[str, Any] | None:
        if self.step is None:
            return None
        cached = self.cache.get(key, self.step_file)
        if cached is not None:
            return json.loads(cached)
        if report is None:
            return None
        inputs = self.step.inputs(report)
        self.cache.put(key, self.step_file, json.dumps(inputs).encode())
        return inputs

    def _terms_key(self) -> str:
        return hashlib.sha256(f"terms\0{code_fingerprint()}\0{self.reason}".encode()).hexdigest()

    def _terms(self, classified: Any = None) -> bytes:
        """Ontology + vocabularies + their entailments (cached: they change only with the code)."""
        cached = self.cache.get(self._terms_key(), "terms.nt")
        if cached is not None:
            return cached
        graph, inferred = terms_graph(classified, self.reason)
        data = f"# ontology and vocabularies: {inferred} inferred triples\n".encode()
        data += graph.serialize(format="nt", encoding="utf-8")
        self.cache.put(self._terms_key(), "terms.nt", data)
        return data

    def write(
        self,
        docs: list[_Doc],
        *,
        incremental: bool,
        dropped: Sequence[str] = (),
    ) -> tuple[Path, dict[str, Any]]:
        """Write a store of ``docs`` (from the current one when ``incremental``) and switch to it."""
        self.say("writing the store")
        t = time.perf_counter()
        docs = sorted(
            docs, key=lambda d: (d.entry.get("date") or "", d.entry.get("symbol") or "", d.entry["name"])
        )
        entries = [d.entry for d in docs]  # oldest review first, in the manifest and in the index
        terms = self._terms()
        # kept documents carry their count in their manifest entry: their triples are not read again
        inferred = inferred_in(terms) + sum(int(e.get("inferred", 0)) for e in entries)
        manifest = {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "fingerprint": _fingerprint(
                entries, self.base, self.reason, (self.step.key if self.step else "") + self.layout_key
            ),
            "base": self.base,
            "reasoned": self.reason,
            "default_graph": "union",
            "inferred_triples": inferred,  # counted per report: an entailment two reports share counts twice
            "documents": entries,
            "reports": entries,  # the name earlier stores used
            "seconds": self.timings,
        }
        graphs: list[tuple[str | None, bytes]] = []
        if not incremental:
            graphs.append((TERMS_GRAPH, terms))
        graphs.append((programmes_graph(self.base), _merge_common([d.common for d in docs])))
        graphs += [(d.entry["id"], d.graph) for d in docs if d.graph is not None]
        step, inputs = self.step, [d.inputs for d in docs]
        hook = None
        if step is not None:

            def hook(folder: Path, build_id: str) -> None:
                self.say("indexing for search")
                t_step = time.perf_counter()
                step.write(folder, [i for i in inputs if i is not None], build_id)
                self.timings["index"] = time.perf_counter() - t_step

        base = self.store.current if incremental else None
        final = self.store.replace(graphs, manifest, before_switch=hook, base=base, drop=dropped)
        self.cache.keep_only({self._terms_key(), *(e["key"] for e in entries)})
        self.timings["store"] = time.perf_counter() - t
        return final, self.store.manifest(final)


def _check_unique(reports: Sequence[Report], base: str) -> None:
    seen: dict[str, str] = {}
    for report in reports:
        iri = str(document_iri(report, base))
        if iri in seen:
            raise DuplicateDocumentError(
                f"{seen[iri]} and {report.name} are the same document ({report.metadata.symbol or iri}); "
                "give one of them"
            )
        seen[iri] = report.name


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
    layout_file: Path | None = None,
) -> BuildResult:
    """Make the store in ``data_dir`` hold exactly the reports in ``paths``, or change nothing.

    When the reports, vocabularies, ontology, code and settings are those of the current store, it is
    kept (unless ``force``). Reports processed before are taken from the build cache, except with
    ``force``. ``extra`` adds an artefact (the search index) to the new store before it becomes current.
    """
    say = progress or (lambda _msg: None)
    store = GraphStore(data_dir)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with store.lock():
        writer = _Writer(data_dir, base, reason, extra, say, timings, layout_file)
        reports = writer.read(paths, max_input_bytes)
        _check_unique(reports, base)
        current = store.current
        if current is not None and not force:
            previous = store.manifest()
            keys = [{"id": str(document_iri(r, base)), "name": r.name, "sha256": r.sha256} for r in reports]
            step_key = (extra.key if extra else "") + writer.layout_key
            if previous.get("fingerprint") == _fingerprint(keys, base, reason, step_key):
                timings["total"] = time.perf_counter() - started
                docs = previous.get("documents", [])
                return BuildResult(
                    reports,
                    docs,
                    int(previous.get("triples", 0)),
                    int(previous.get("inferred_triples", 0)),
                    current,
                    timings,
                    reused=True,
                )
        docs, cached = writer.docs(reports, force)
        final, manifest = writer.write(docs, incremental=False)
        timings["total"] = time.perf_counter() - started
    return _result(reports, manifest, final, timings, cached)


def _result(
    reports: list[Report], manifest: dict[str, Any], final: Path, timings: dict[str, float], cached: int
) -> BuildResult:
    return BuildResult(
        reports,
        manifest.get("documents", []),
        int(manifest.get("triples", 0)),
        int(manifest.get("inferred_triples", 0)),
        final,
        timings,
        cached_reports=cached,
    )


def documents(data_dir: Path) -> list[dict[str, Any]]:
    """The reports in the current store, oldest review first."""
    return list(GraphStore(data_dir).manifest().get("documents", []))


def _current_docs(writer: _Writer, manifest: dict[str, Any]) -> tuple[list[_Doc], bool]:
    """The current store's documents as cached parts; False when the cache cannot serve them (the code,
    ontology or settings changed since, or the cache was removed): then the corpus is rebuilt."""
    docs = []
    for entry in manifest.get("documents", []):
        key = document_key(entry["name"], entry["sha256"], writer.base, writer.reason, writer.layout_key)
        common = writer.cache.get(key, "common.nt")
        inputs = writer._inputs(key, None)
        if key != entry.get("key") or common is None or (writer.step is not None and inputs is None):
            return [], False
        docs.append(_Doc(dict(entry), None, common, inputs))
    return docs, manifest.get("base") == writer.base and manifest.get("reasoned") == writer.reason


def _rebuild_from_sources(
    writer: _Writer, entries: list[dict[str, Any]], extra_reports: list[Report]
) -> list[Report]:
    lexicon = load_lexicon()
    reports = []
    for entry in entries:
        path = Path(entry["source"])
        if not path.exists():
            raise DocumentNotFoundError(
                f"the text of {entry['name']} is no longer in {path.parent}; "
                "rebuild with `camikg build PATHS`"
            )
        text = path.read_text(encoding="utf-8")
        reports.append(parse_report(text, lexicon, name=entry["name"], layout=writer.layout))
    return reports + extra_reports


def add_documents(
    paths: Sequence[Path],
    data_dir: Path,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    progress: Progress | None = None,
    extra: BuildStep | None = None,
    max_input_bytes: int = MAX_INPUT_BYTES,
    layout_file: Path | None = None,
) -> BuildResult:
    """Add reports to the store, replacing any with the same document IRI (a new version of a report).

    Only the new reports are parsed, validated, reasoned over and embedded; the rest of the store is
    carried over from the current one.
    """
    return _update(
        data_dir,
        base,
        reason,
        progress,
        extra,
        add=paths,
        max_input_bytes=max_input_bytes,
        layout_file=layout_file,
    )


def remove_documents(
    ids: Sequence[str],
    data_dir: Path,
    base: str = DATA_BASE,
    *,
    reason: bool = True,
    progress: Progress | None = None,
    extra: BuildStep | None = None,
    layout_file: Path | None = None,
) -> BuildResult:
    """Remove reports (by document IRI, symbol or file name) from the store."""
    return _update(data_dir, base, reason, progress, extra, remove=ids, layout_file=layout_file)


def _matches(entry: dict[str, Any], wanted: str) -> bool:
    return wanted in (entry["id"], entry.get("symbol"), entry["name"], entry["id"].rsplit("/", 1)[-1])


def _update(
    data_dir: Path,
    base: str,
    reason: bool,
    progress: Progress | None,
    extra: BuildStep | None,
    *,
    add: Sequence[Path] = (),
    remove: Sequence[str] = (),
    max_input_bytes: int = MAX_INPUT_BYTES,
    layout_file: Path | None = None,
) -> BuildResult:
    say = progress or (lambda _msg: None)
    store = GraphStore(data_dir)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with store.lock():
        current = store.require_current()
        manifest = store.manifest(current)
        if manifest.get("default_graph") != "union":
            raise GraphError("this store predates per-report graphs; rebuild it with `camikg build`")
        entries = manifest.get("documents", [])
        dropped: list[str] = []
        for wanted in remove:
            found = [e for e in entries if _matches(e, wanted)]
            if not found:
                names = ", ".join(e.get("symbol") or e["name"] for e in entries) or "none"
                raise DocumentNotFoundError(f"no report {wanted!r} in the store (reports: {names})")
            dropped += [e["id"] for e in found]
        writer = _Writer(data_dir, base, reason, extra, say, timings, layout_file)
        reports = writer.read(add, max_input_bytes)
        _check_unique(reports, base)
        new_ids = {str(document_iri(r, base)) for r in reports}
        kept, usable = _current_docs(writer, manifest)
        if not usable:
            say("the code or settings changed since the last build: rebuilding every report")
            others = [e for e in entries if e["id"] not in dropped and e["id"] not in new_ids]
            all_reports = _rebuild_from_sources(writer, others, reports)
            docs, cached = writer.docs(all_reports, force=False)
            final, written = writer.write(docs, incremental=False)
        else:
            kept = [d for d in kept if d.entry["id"] not in dropped and d.entry["id"] not in new_ids]
            replaced = [e["id"] for e in entries if e["id"] in new_ids]
            new_docs, cached = writer.docs(reports, force=False)
            final, written = writer.write(kept + new_docs, incremental=True, dropped=dropped + replaced)
        timings["total"] = time.perf_counter() - started
    return _result(reports, written, final, timings, cached)
