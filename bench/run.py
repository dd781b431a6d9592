"""Benchmarks, measured side by side in one run; writes bench/results.md. Run with `make bench`.

Every figure is a median with min–max over repeated runs; ratios are computed pair by pair in the same
run. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

from kg.corpus import build_store
from kg.store import GraphStore
from search.evaluate import score_questions, score_search
from service.config import REPO_ROOT, Settings, default_corpus
from service.engine import answerer, index_hook

sys.path.insert(0, str(Path(__file__).parent))  # bench/synth.py
EVAL = REPO_ROOT.parent / "shared" / "eval"
RESULTS = REPO_ROOT / "bench" / "results.md"

SPARQL_QUERIES = {
    "counts per theme": """PREFIX cami: <https://w3id.org/cami-kg/ontology#>
SELECT ?theme (COUNT(?a) AS ?n) WHERE {
  ?act cami:themeLabel ?theme . ?a cami:assessedActivity ?act } GROUP BY ?theme""",
    "countries using SMART with evidence": """PREFIX cami: <https://w3id.org/cami-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?country ?n ?text WHERE {
  ?st cami:predicate cami:usesPractice ; cami:object <https://w3id.org/cami-kg/vocab/practice/smart> ;
      cami:polarity cami:Positive ; cami:subject ?c ; cami:evidenceSentence ?s .
  ?s cami:text ?text ; cami:inParagraph/cami:paragraphNumber ?n . ?c skos:prefLabel ?country }""",
    "activity trace (2.3)": """PREFIX cami: <https://w3id.org/cami-kg/ontology#>
SELECT ?rating ?n ?i ?text WHERE {
  ?act cami:activityCode "2.3" . ?a cami:assessedActivity ?act ; cami:ratingLabel ?rating ;
  cami:evidenceParagraph ?p . ?p cami:paragraphNumber ?n . ?s cami:inParagraph ?p ; cami:sentenceIndex ?i ;
  cami:text ?text }""",
    "DESCRIBE an entity": "DESCRIBE <https://w3id.org/cami-kg/vocab/country/KZ>",
}


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "p95": pct(0.95),
        "p99": pct(0.99),
        "n": len(ordered),
    }


def repeat(fn: Callable[[], object], n: int) -> dict[str, float]:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return stats(samples)


def ms(s: dict[str, float]) -> str:
    return f"{s['median'] * 1000:.1f} ms ({s['min'] * 1000:.1f}–{s['max'] * 1000:.1f})"


def secs(s: dict[str, float]) -> str:
    return f"{s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f})"


# --- build -----------------------------------------------------------------------------------------------
def bench_build(corpus: list[Path], runs: int) -> dict[str, Any]:
    cold_total, cold_stages = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp))
            t = time.perf_counter()
            result = build_store(corpus, settings.data_dir, extra=index_hook(settings))
            cold_total.append(time.perf_counter() - t)
            cold_stages.append(result.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        build_store(corpus, settings.data_dir, extra=index_hook(settings))
        cached = repeat(
            lambda: build_store(corpus, settings.data_dir, extra=index_hook(settings), force=True),
            runs,
        )
        unchanged = repeat(
            lambda: build_store(corpus, settings.data_dir, extra=index_hook(settings)),
            runs,
        )
        current = GraphStore(settings.data_dir).require_current()
        size = sum(f.stat().st_size for f in current.rglob("*") if f.is_file())
    stages = {k: stats([s.get(k, 0.0) for s in cold_stages]) for k in cold_stages[0]}
    return {
        "cold": stats(cold_total),
        "stages": stages,
        "forced_with_cache": cached,
        "unchanged": unchanged,
        "store_bytes": size,
    }


# --- HTTP ------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load(url: str, requests: list[dict[str, Any]], clients: int, total: int) -> dict[str, Any]:
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        with httpx.Client(timeout=60) as client:
            for i in range(k, total, clients):
                req = requests[i % len(requests)]
                t = time.perf_counter()
                r = client.request(
                    req.get("method", "GET"),
                    url + req["path"],
                    params=req.get("params"),
                    headers=req.get("headers"),
                )
                r.raise_for_status()
                with lock:
                    latencies.append(time.perf_counter() - t)

    t = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - t
    return {**stats(latencies), "rps": len(latencies) / wall}


def bench_http(data_dir: Path, requests_per_case: int) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "CAMIKG_DATA_DIR": str(data_dir), "CAMIKG_PORT": str(port)}
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        questions = [q["question"] for q in json.loads((EVAL / "dev_questions.json").read_text())]
        queries = [q["query"] for q in json.loads((EVAL / "dev_search.json").read_text())]
        httpx.get(url + "/api/ask", params={"q": questions[0]}, timeout=120)  # loads the model once
        cases = {
            "/api/search": [{"path": "/api/search", "params": {"q": q}} for q in queries],
            "/api/ask": [{"path": "/api/ask", "params": {"q": q}} for q in questions],
        }
        for name, query in SPARQL_QUERIES.items():
            cases[f"/sparql: {name}"] = [
                {
                    "path": "/sparql",
                    "params": {"query": query},
                    "headers": {"accept": "application/sparql-results+json, text/turtle"},
                }
            ]
        out: dict[str, Any] = {}
        for name, reqs in cases.items():
            out[name] = {c: load(url, reqs, c, requests_per_case * max(1, c // 2)) for c in (1, 8)}
        from load import memory_bytes

        out["server_rss_peak_bytes"] = memory_bytes(server.pid, "VmHWM")
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_load(data_dir: Path, seconds: float) -> dict[str, Any]:
    """16 concurrent clients (2 hostile) against `camikg serve` for ``seconds`` (bench/load.py)."""
    from load import run_load, serve

    port = _free_port()
    server = serve(data_dir, port)
    try:
        return run_load(f"http://127.0.0.1:{port}", seconds, clients=16, hostile_clients=2, pid=server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_incremental(runs: int) -> dict[str, Any]:
    """Adding a second review to a store of the bundled report vs building both (tests/data fixture)."""
    from kg.corpus import add_documents, remove_documents

    second = REPO_ROOT / "tests" / "data" / "cami4-doc2-second-review.md"
    first = default_corpus()[0]
    out: dict[str, list[float]] = {
        "add": [],
        "remove": [],
        "full (cold)": [],
        "full (--force, embeddings cached)": [],
    }
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            one, both = Path(tmp) / "one", Path(tmp) / "both"
            step = index_hook(Settings(data_dir=one))
            build_store([first], one, extra=step)
            t = time.perf_counter()
            add_documents([second], one, extra=step)
            out["add"].append(time.perf_counter() - t)
            t = time.perf_counter()
            remove_documents(["UNEP/CMS/CAMI4/Doc.2"], one, extra=step)
            out["remove"].append(time.perf_counter() - t)
            step = index_hook(Settings(data_dir=both))
            t = time.perf_counter()
            build_store([first, second], both, extra=step)
            out["full (cold)"].append(time.perf_counter() - t)
            t = time.perf_counter()
            build_store([first, second], both, extra=step, force=True)
            out["full (--force, embeddings cached)"].append(time.perf_counter() - t)
    return {k: stats(v) for k, v in out.items()}


# --- peers -----------------------------------------------------------------------------------------------
def bench_sparql_peer(data_dir: Path, runs: int) -> dict[str, Any]:
    import rdflib

    store = GraphStore(data_dir)
    oxigraph = store.open_oxigraph()
    memory = rdflib.Graph()
    memory.parse(data=store.export("nt"), format="nt")
    out = {}
    for name, query in SPARQL_QUERIES.items():
        ox_stats = repeat(lambda q=query: list(oxigraph.query(q, use_default_graph_as_union=True)), runs)
        rdflib_stats = repeat(lambda q=query: list(memory.query(q)), max(3, runs // 5))
        out[name] = {
            "oxigraph": ox_stats,
            "rdflib": rdflib_stats,
            "ratio": rdflib_stats["median"] / ox_stats["median"],
        }
    return out


def bench_retrieval(data_dir: Path, runs: int) -> dict[str, Any]:
    engine = answerer(Settings(data_dir=data_dir))
    index = engine.index
    gold = json.loads((EVAL / "dev_search.json").read_text())
    out = {}
    for mode in ("hybrid", "lexical", "dense"):
        ranked = {q["id"]: [h.paragraph.paragraph for h in index.search(q["query"], mode=mode)] for q in gold}
        score = score_search(gold, ranked)

        def first_time(m: str = mode) -> None:
            for q in gold:
                index._query_vectors.clear()  # measure first-time queries, not the memo
                index.search(q["query"], mode=m)

        latency = repeat(first_time, runs)
        out[mode] = {
            "ndcg@10": score["ndcg@10"],
            "recall@10": score["recall@10"],
            "latency": {k: v / len(gold) if k not in ("n",) else v for k, v in latency.items()},
        }
    return out


def bench_uncached(data_dir: Path, runs: int) -> dict[str, Any]:
    """In-process latency with the query-embedding memo cleared before every call (first-time questions)."""
    engine = answerer(Settings(data_dir=data_dir))
    questions = [q["question"] for q in json.loads((EVAL / "dev_questions.json").read_text())]
    queries = [q["query"] for q in json.loads((EVAL / "dev_search.json").read_text())]

    def timed(fn: Callable[[str], object], texts: list[str]) -> dict[str, float]:
        samples = []
        for _ in range(runs):
            for text in texts:
                engine.index._query_vectors.clear()
                t = time.perf_counter()
                fn(text)
                samples.append(time.perf_counter() - t)
        return stats(samples)

    return {"search": timed(engine.index.search, queries), "ask": timed(engine.answer, questions)}


def bench_answers(data_dir: Path) -> dict[str, Any]:
    """Graph answers vs plain vector retrieval (top passages -> entities they mention)."""
    engine = answerer(Settings(data_dir=data_dir))
    gold = json.loads((EVAL / "dev_questions.json").read_text())
    graph_pred, vector_pred = {}, {}
    lexicon = engine.lexicon
    for q in gold:
        result = engine.answer(q["question"])
        graph_pred[q["id"]] = {
            "answer": [a["label"] for a in result.answer] if result.kind == "graph" else [],
            "evidence": [e["paragraph"] for e in result.evidence],
        }
        hits = engine.index.search(q["question"], limit=3, mode="dense")
        names = []
        for h in hits:
            for iri in h.paragraph.positive:
                concept = lexicon.concepts.get(iri)
                if concept and concept.entity_type.endswith(("Country", "Organisation")):
                    names.append(concept.label)
        vector_pred[q["id"]] = {
            "answer": list(dict.fromkeys(names)),
            "evidence": [h.paragraph.paragraph for h in engine.index.search(q["question"], mode="dense")],
        }
    return {
        "graph": score_questions(gold, graph_pred)["overall"],
        "vector": score_questions(gold, vector_pred)["overall"],
    }


# --- scale -----------------------------------------------------------------------------------------------
SCALE_QUESTIONS = [
    "Which countries use SMART?",
    "Which Saiga Antelope activities were not achieved?",
    "What is the status of activity 2.3?",
]


def _folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) on log(x): 1 is linear growth, 0 flat."""
    import math

    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = statistics.mean(lx), statistics.mean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def _scale_row(corpus: list[Path], runs: int, peer: bool) -> dict[str, Any]:
    import rdflib

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = Settings(data_dir=data_dir)
        t = time.perf_counter()
        result = build_store(corpus, data_dir, extra=index_hook(settings))
        build = time.perf_counter() - t
        store = GraphStore(data_dir)
        current = store.require_current()
        oxigraph = store.open_oxigraph()
        row: dict[str, Any] = {
            "reports": len(corpus),
            "paragraphs": sum(len(r.paragraphs) for r in result.reports),
            "triples": result.triples,
            "build_s": build,
            "stages": result.seconds,
            "store_bytes": _folder_bytes(current / "oxigraph"),
            "index_bytes": _folder_bytes(current / "search"),
            "sparql": {
                name: repeat(
                    lambda q=query: list(oxigraph.query(q, use_default_graph_as_union=True)), max(5, runs * 3)
                )
                for name, query in SPARQL_QUERIES.items()
            },
        }
        engine = answerer(settings)
        queries = [q["query"] for q in json.loads((EVAL / "dev_search.json").read_text())]

        def first_time(fn: Callable[[str], object], texts: list[str]) -> dict[str, float]:
            samples = []
            for _ in range(runs):
                for text in texts:
                    engine.index._query_vectors.clear()
                    t0 = time.perf_counter()
                    fn(text)
                    samples.append(time.perf_counter() - t0)
            return stats(samples)

        row["search"] = first_time(engine.index.search, queries)
        row["ask"] = first_time(engine.answer, SCALE_QUESTIONS)
        if peer:
            t = time.perf_counter()
            memory = rdflib.Graph()
            memory.parse(data=store.export("nt"), format="nt")
            row["rdflib_load_s"] = time.perf_counter() - t
            row["rdflib"] = {
                name: repeat(lambda q=query: list(memory.query(q)), 3)
                for name, query in SPARQL_QUERIES.items()
            }
    return row


def bench_scale(factors: list[int], runs: int, peer_up_to: int) -> dict[str, Any]:
    """Build 1×, 10×, 100× corpora (synthetic reports derived from the bundled one) and query each."""
    from synth import write_corpus

    source = default_corpus()[0]
    out: dict[str, Any] = {}
    for factor in factors:
        print(f"scale {factor}×…", flush=True)
        corpus = [source] if factor == 1 else write_corpus(source, REPO_ROOT / "bench" / ".synth", factor)
        out[str(factor)] = _scale_row(corpus, runs, factor <= peer_up_to)
        (REPO_ROOT / "bench" / ".partial-scale.json").write_text(json.dumps(out, indent=2, default=str))
    return out


# --- report ----------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    mem = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    versions = {
        p: metadata.version(p)
        for p in (
            "pyoxigraph",
            "rdflib",
            "pyshacl",
            "owlready2",
            "faiss-cpu",
            "bm25s",
            "sentence-transformers",
            "torch",
            "fastapi",
        )
    }
    commit = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "commit": commit or "unknown",
        "cores": str(os.cpu_count()),
        "memory": f"{int(mem) / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "platform": platform.platform(),
        **versions,
    }


def write(results: dict[str, Any]) -> str:
    b, lines = results["build"], []
    lines += [
        "# cami-kg benchmarks",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        "`make bench` (bench/run.py). Medians with min–max over repeated runs.",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in results["machine"].items()]
    lines += [
        "",
        "## Build (bundled report)",
        "",
        "| what | time |",
        "|---|---|",
        f"| cold build (empty store and embedding cache) | {secs(b['cold'])} |",
    ]
    lines += [f"| — stage: {k} | {secs(v)} |" for k, v in b["stages"].items()]
    lines += [
        f"| rebuild, text changed (embeddings cached, `--force`) | {secs(b['forced_with_cache'])} |",
        f"| rebuild of unchanged text (store kept) | {secs(b['unchanged'])} |",
        f"| store + index on disk | {b['store_bytes'] / 1e6:.1f} MB |",
        "",
    ]
    if "http" in results:
        h = results["http"]
        lines += [
            "## HTTP on loopback (uvicorn, one process)",
            "",
            "| endpoint | clients | p50 | p95 | p99 | req/s |",
            "|---|---|---|---|---|---|",
        ]
        for name, by_clients in h.items():
            if not isinstance(by_clients, dict) or "1" not in {str(k) for k in by_clients}:
                continue
            for c, s in by_clients.items():
                lines.append(
                    f"| {name} | {c} | {s['median'] * 1000:.1f} ms | {s['p95'] * 1000:.1f} ms | "
                    f"{s['p99'] * 1000:.1f} ms | {s['rps']:.0f} |"
                )
        lines += ["", f"Server peak RSS (with SPARQL workers): {h['server_rss_peak_bytes'] / 1e6:.0f} MB", ""]
    s = results["sparql_peer"]
    lines += [
        "## SPARQL: Oxigraph (product) vs rdflib in-memory Graph, same triples",
        "",
        "| query | Oxigraph | rdflib | rdflib / Oxigraph |",
        "|---|---|---|---|",
    ]
    lines += [f"| {n} | {ms(v['oxigraph'])} | {ms(v['rdflib'])} | {v['ratio']:.0f}× |" for n, v in s.items()]
    r = results["retrieval"]
    lines += [
        "",
        "## Retrieval on the dev search set",
        "",
        "| ranking | nDCG@10 | recall@10 | latency per query |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {m} | {v['ndcg@10']:.3f} | {v['recall@10']:.3f} | {ms(v['latency'])} |" for m, v in r.items()
    ]
    a = results["answers"]
    lines += [
        "",
        "## Answers on the dev questions",
        "",
        "| method | answer F1 | evidence recall@10 | evidence precision |",
        "|---|---|---|---|",
    ]
    for name, v in (
        ("graph answers (product)", a["graph"]),
        ("vector top-3 passages → entities", a["vector"]),
    ):
        lines.append(
            f"| {name} | {v['answer_f1']:.3f} | {v['evidence_recall@10']:.3f} | "
            f"{v['evidence_precision']:.3f} |"
        )
    u = results["uncached"]
    lines += [
        "",
        "## In-process latency of first-time questions (query-embedding memo cleared)",
        "",
        f"- search: p50 {u['search']['median'] * 1000:.1f} ms, p95 {u['search']['p95'] * 1000:.1f} ms",
        f"- ask: p50 {u['ask']['median'] * 1000:.1f} ms, p95 {u['ask']['p95'] * 1000:.1f} ms",
        "",
        "The HTTP figures above repeat the dev queries, so after the first round they are served",
        "with memoized query embeddings, as repeated questions are in use.",
    ]
    if "incremental" in results:
        lines += ["", "## Incremental update: a second review added to a store of the bundled report", ""]
        lines += ["| what | time |", "|---|---|"]
        lines += [f"| {k} | {secs(v)} |" for k, v in results["incremental"].items()]
    if "load" in results:
        from load import report

        lines += report(results["load"])
    if "scale" in results:
        lines += write_scale(results["scale"])
    return "\n".join(lines) + "\n"


def write_scale(scale: dict[str, Any]) -> list[str]:
    factors = sorted(scale, key=int)
    rows = [scale[f] for f in factors]
    xs = [float(r["reports"]) for r in rows]
    lines = [
        "",
        "## Scale: synthetic corpora (bench/synth.py) at 1×, 10×, 100× the bundled report",
        "",
        "Each synthetic report is derived from the bundled one: countries, species and organisations",
        "permuted inside the paragraphs, a third of the ratings changed, paragraphs shuffled within their",
        "blocks and renumbered, a document symbol of its own. Cold builds (empty store and embedding cache).",
        "",
        "| corpus | reports | paragraphs | triples | build | store | index |",
        "|---|---|---|---|---|---|---|",
    ]
    for f, r in zip(factors, rows, strict=True):
        lines.append(
            f"| {f}× | {r['reports']} | {r['paragraphs']:,} | {r['triples']:,} | {r['build_s']:.1f} s | "
            f"{r['store_bytes'] / 1e6:.1f} MB | {r['index_bytes'] / 1e6:.1f} MB |"
        )
    lines += [
        "",
        "Query latency (in process, medians; SPARQL on Oxigraph, search and ask with the query-embedding",
        "memo cleared):",
        "",
        "| query | " + " | ".join(f"{f}×" for f in factors) + f" | {factors[-1]}× / 1× |",
        "|---|" + "---|" * (len(factors) + 1),
    ]
    series: dict[str, list[float]] = {}
    for name in SPARQL_QUERIES:
        series[f"SPARQL: {name}"] = [r["sparql"][name]["median"] for r in rows]
    series["search (dev queries)"] = [r["search"]["median"] for r in rows]
    series["ask (3 questions)"] = [r["ask"]["median"] for r in rows]
    for name, values in series.items():
        cells = " | ".join(f"{v * 1000:.1f} ms" for v in values)
        lines.append(f"| {name} | {cells} | {values[-1] / values[0]:.1f}× |")
    peers = [(f, r) for f, r in zip(factors, rows, strict=True) if "rdflib" in r]
    if peers:
        lines += [
            "",
            "Oxigraph (product) vs rdflib's in-memory Graph on the same triples:",
            "",
            "| corpus | query | Oxigraph | rdflib | rdflib / Oxigraph |",
            "|---|---|---|---|---|",
        ]
        for f, r in peers:
            for name in SPARQL_QUERIES:
                ox_ms, rd_ms = r["sparql"][name]["median"], r["rdflib"][name]["median"]
                times = f"{ox_ms * 1000:.1f} ms | {rd_ms * 1000:.1f} ms"
                lines.append(f"| {f}× | {name} | {times} | {rd_ms / ox_ms:.0f}× |")
            lines.append(f"| {f}× | (loading the triples into rdflib) | | {r['rdflib_load_s']:.1f} s | |")
    if len(rows) > 1:
        growth = {
            "build time": [r["build_s"] for r in rows],
            "triples": [float(r["triples"]) for r in rows],
            "store size": [float(r["store_bytes"]) for r in rows],
            "index size": [float(r["index_bytes"]) for r in rows],
            **series,
        }
        lines += [
            "",
            "Growth with the number of reports: slope of log(value) against log(reports)",
            "(1 = linear, 0 = flat):",
            "",
            "| measure | log-log slope |",
            "|---|---|",
        ]
        lines += [f"| {name} | {_slope(xs, values):.2f} |" for name, values in growth.items()]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each measurement")
    parser.add_argument("--requests", type=int, default=40, help="HTTP requests per case and client level")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP load test")
    parser.add_argument(
        "--scale", default="1,10,100", help="corpus sizes for the scale runs, comma-separated ('' skips)"
    )
    parser.add_argument(
        "--peer-up-to", type=int, default=100, help="largest scale at which rdflib loads the triples too"
    )
    parser.add_argument("--only-scale", action="store_true", help="run the scale section only")
    parser.add_argument(
        "--load-seconds", type=float, default=180, help="length of the load test (0 skips it)"
    )
    parser.add_argument("--only-load", action="store_true", help="run the load section only")
    parser.add_argument("--only-incremental", action="store_true", help="run the incremental section only")
    args = parser.parse_args()
    corpus = default_corpus()
    factors = [int(x) for x in args.scale.split(",") if x.strip()]
    results: dict[str, Any] = {"machine": machine()}
    if args.only_scale or args.only_load or args.only_incremental:
        previous = json.loads((REPO_ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
        results = {**previous, "machine": machine()}
        if args.only_scale:
            results["scale"] = bench_scale(factors, args.runs, args.peer_up_to)
        elif args.only_incremental:
            results["incremental"] = bench_incremental(args.runs)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                settings = Settings(data_dir=Path(tmp))
                build_store(corpus, settings.data_dir, extra=index_hook(settings))
                results["load"] = bench_load(settings.data_dir, args.load_seconds)
        _save(results)
        return
    print("build…", flush=True)
    results["build"] = bench_build(corpus, args.runs)
    _checkpoint(results)
    print("incremental…", flush=True)
    results["incremental"] = bench_incremental(args.runs)
    _checkpoint(results)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = Settings(data_dir=data_dir)
        build_store(corpus, data_dir, extra=index_hook(settings))
        if not args.no_http:
            print("http…", flush=True)
            results["http"] = bench_http(data_dir, args.requests)
            _checkpoint(results)
        if args.load_seconds > 0:
            print("load…", flush=True)
            results["load"] = bench_load(data_dir, args.load_seconds)
            _checkpoint(results)
        print("peers…", flush=True)
        results["sparql_peer"] = bench_sparql_peer(data_dir, max(10, args.runs * 5))
        _checkpoint(results)
        results["retrieval"] = bench_retrieval(data_dir, args.runs)
        results["answers"] = bench_answers(data_dir)
        _checkpoint(results)
        results["uncached"] = bench_uncached(data_dir, args.runs)
    if factors:
        results["scale"] = bench_scale(factors, args.runs, args.peer_up_to)
    _save(results)


def _checkpoint(results: dict[str, Any]) -> None:
    """Keep what is measured so far (bench/.partial.json), so a crash late in a long run loses nothing."""
    (REPO_ROOT / "bench" / ".partial.json").write_text(json.dumps(results, indent=2, default=str))


def _save(results: dict[str, Any]) -> None:
    text = write(results)
    RESULTS.write_text(text, encoding="utf-8")
    (REPO_ROOT / "bench" / "results.json").write_text(
        json.dumps(results, indent=2, default=str), encoding="utf-8"
    )
    print(text)


if __name__ == "__main__":
    main()
