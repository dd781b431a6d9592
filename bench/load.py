"""A bounded load test on loopback: ask, search, SPARQL and page requests from concurrent clients, with
hostile requests interleaved (federated and update queries, query bombs, script payloads, path
traversal, oversized queries). Run by `make bench` (bench/run.py) and, short, by the tests.

Normal requests must all succeed; hostile ones must be refused or stopped as designed (403, 404, 413,
or 503 when the SPARQL time limit stops a bomb). Anything else — above all a 5xx on a normal request —
is counted as unexpected. The server's memory (with its SPARQL workers) is sampled throughout.

    python bench/load.py [--seconds 180] [--clients 16] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"

_VALUES = " ".join(str(i) for i in range(100))
BOMB = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{k} {{ {_VALUES} }}" for k in range(5)) + " }"
REGEX_BOMB = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 FILTER(REGEX(STR(?o), "^(a|aa)+$")) }'
SPARQL = [
    "SELECT ?theme (COUNT(?a) AS ?n) WHERE { ?act cami:themeLabel ?theme . ?a cami:assessedActivity ?act }"
    " GROUP BY ?theme",
    'SELECT ?rating ?n WHERE { ?act cami:activityCode "2.3" . ?a cami:assessedActivity ?act ;'
    " cami:ratingLabel ?rating ; cami:evidenceParagraph/cami:paragraphNumber ?n }",
    "DESCRIBE <https://w3id.org/cami-kg/vocab/country/KZ>",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a cami:Mention }",
]
PREFIX = "PREFIX cami: <https://w3id.org/cami-kg/ontology#>\n"
PAGES = ["/", "/report", "/activities", "/activities/2.3", "/dashboard", "/countries/KZ", "/species"]

# (method, path, params, statuses that mean "refused or stopped as designed")
HOSTILE: list[tuple[str, str, dict[str, str], set[int]]] = [
    ("GET", "/sparql", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9999/> { ?s ?p ?o } }"}, {403}),
    ("POST", "/sparql", {"update": "LOAD <file:///etc/passwd>"}, {403}),
    ("GET", "/sparql", {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}, {403}),
    ("GET", "/sparql", {"query": BOMB}, {503}),
    ("GET", "/sparql", {"query": REGEX_BOMB}, {200, 503}),
    ("POST", "/sparql", {"query": "ASK {" + " " * 200_000 + "}"}, {413}),
    ("GET", "/", {"q": "<script>alert(1)</script> which countries use SMART?"}, {200}),
    ("GET", "/static/../../../../etc/passwd", {}, {404}),
    ("GET", "/api/search", {"q": "x" * 5000, "limit": "-1"}, {422}),
]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)

    def add(self, kind: str, status: int, seconds: float, ok: bool, what: str) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        by = self.statuses.setdefault(kind, {})
        by[status] = by.get(status, 0) + 1
        if not ok:
            self.unexpected.append(f"{kind} {status} {what[:80]}")


def _normal_request(
    rng: random.Random, questions: list[str], queries: list[str]
) -> tuple[str, str, dict[str, str]]:
    kind = rng.choices(["ask", "search", "sparql", "page"], weights=[2, 3, 3, 2])[0]
    if kind == "ask":
        return kind, "/api/ask", {"q": rng.choice(questions)}
    if kind == "search":
        return kind, "/api/search", {"q": rng.choice(queries)}
    if kind == "sparql":
        return kind, "/sparql", {"query": PREFIX + rng.choice(SPARQL)}
    return kind, rng.choice(PAGES), {}


async def _client(
    url: str,
    deadline: float,
    tally: Tally,
    seed: int,
    hostile: bool,
    questions: list[str],
    queries: list[str],
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        while time.monotonic() < deadline:
            if hostile:
                method, path, params, allowed = rng.choice(HOSTILE)
                kind = "hostile"
            else:
                kind, path, params = _normal_request(rng, questions, queries)
                method, allowed = "GET", {200}
            started = time.monotonic()
            try:
                if method == "POST":
                    response = await client.post(path, data=params)
                else:
                    response = await client.get(path, params=params)
                status = response.status_code
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                status = 0
                path = f"{path} ({type(exc).__name__})"
            tally.add(kind, status, time.monotonic() - started, status in allowed, f"{path} {params}")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (the server and its SPARQL workers)."""
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    except OSError:
        return [pid]
    return [pid, *(int(x) for x in out.split())]


def memory_bytes(pid: int, field: str = "VmRSS") -> int:
    """A /proc/<pid>/status memory figure (VmRSS now, VmHWM peak) summed over the process tree."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


async def _sample_memory(
    pid: int | None, deadline: float, every: float, out: list[tuple[float, int]]
) -> None:
    start = time.monotonic()
    while pid is not None and time.monotonic() < deadline:
        out.append((time.monotonic() - start, memory_bytes(pid)))
        await asyncio.sleep(every)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else 0.0


def _slope_mb_per_min(samples: list[tuple[float, int]]) -> float:
    """Least-squares growth of memory over the second half of the run (after warm-up), MB per minute."""
    half = samples[len(samples) // 2 :]
    if len(half) < 3:
        return 0.0
    xs, ys = [t for t, _ in half], [m / 1e6 for _, m in half]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


async def _run(
    url: str, seconds: float, clients: int, hostile_clients: int, pid: int | None
) -> dict[str, Any]:
    questions = [q["question"] for q in json.loads((EVAL / "dev_questions.json").read_text())]
    queries = [q["query"] for q in json.loads((EVAL / "dev_search.json").read_text())]
    tally = Tally()
    memory: list[tuple[float, int]] = []
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    tasks = [
        _client(url, deadline, tally, seed, seed < hostile_clients, questions, queries)
        for seed in range(clients)
    ]
    await asyncio.gather(_sample_memory(pid, deadline, max(0.5, seconds / 60), memory), *tasks)
    wall = time.monotonic() - started
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        healthy = (await client.get("/api/stats")).status_code == 200
    every = [s for v in tally.latencies.values() for s in v]
    normal = [s for k, v in tally.latencies.items() if k != "hostile" for s in v]
    five_xx = sum(n for by in tally.statuses.values() for st, n in by.items() if st >= 500)
    designed_503 = tally.statuses.get("hostile", {}).get(503, 0)
    return {
        "seconds": wall,
        "clients": clients,
        "hostile_clients": hostile_clients,
        "requests": len(every),
        "rps": len(every) / wall,
        "by_kind": {
            k: {
                "requests": len(v),
                "p50": _pct(v, 0.5),
                "p99": _pct(v, 0.99),
                "statuses": {str(s): n for s, n in sorted(tally.statuses[k].items())},
            }
            for k, v in sorted(tally.latencies.items())
        },
        "normal_p50": _pct(normal, 0.5),
        "normal_p99": _pct(normal, 0.99),
        "five_xx": five_xx,
        "five_xx_designed": designed_503,
        "unexpected": tally.unexpected[:50],
        "unexpected_count": len(tally.unexpected),
        "memory_start": memory[0][1] if memory else 0,
        "memory_end": memory[-1][1] if memory else 0,
        "memory_peak": max((m for _, m in memory), default=0),
        "memory_slope_mb_per_min": _slope_mb_per_min(memory),
        "healthy_at_end": healthy,
    }


def run_load(
    url: str, seconds: float = 180, clients: int = 16, hostile_clients: int = 2, pid: int | None = None
) -> dict[str, Any]:
    """Drive ``url`` for ``seconds`` with ``clients`` concurrent clients (some of them hostile)."""
    return asyncio.run(_run(url, seconds, clients, hostile_clients, pid))


def serve(data_dir: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    """Start `camikg serve` over ``data_dir`` on ``port``; return once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve"],
        env={**os.environ, "CAMIKG_DATA_DIR": str(data_dir), "CAMIKG_PORT": str(port), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(1200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def report(result: dict[str, Any]) -> list[str]:
    """Markdown lines for bench/results.md."""
    lines = [
        "",
        f"## Load: {result['clients']} concurrent clients for {result['seconds']:.0f} s "
        f"({result['hostile_clients']} of them hostile)",
        "",
        f"{result['requests']:,} requests, {result['rps']:.0f} req/s; 5xx: {result['five_xx']} "
        f"(of which {result['five_xx_designed']} designed: bombs stopped by the SPARQL time limit); "
        f"unexpected outcomes: {result['unexpected_count']}; healthy at the end: "
        f"{'yes' if result['healthy_at_end'] else 'NO'}.",
        "",
        "| kind | requests | p50 | p99 | statuses |",
        "|---|---|---|---|---|",
    ]
    for kind, v in result["by_kind"].items():
        statuses = ", ".join(f"{s}×{n}" for s, n in v["statuses"].items())
        times = f"{v['p50'] * 1000:.0f} ms | {v['p99'] * 1000:.0f} ms"
        lines.append(f"| {kind} | {v['requests']:,} | {times} | {statuses} |")
    lines += [
        "",
        f"Normal requests: p50 {result['normal_p50'] * 1000:.0f} ms, "
        f"p99 {result['normal_p99'] * 1000:.0f} ms. "
        f"Server memory (with SPARQL workers): {result['memory_start'] / 1e6:.0f} MB at the start, "
        f"{result['memory_end'] / 1e6:.0f} MB at the end, peak {result['memory_peak'] / 1e6:.0f} MB; "
        f"trend over the second half {result['memory_slope_mb_per_min']:+.1f} MB/min.",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--hostile", type=int, default=2, help="how many of the clients are hostile")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = serve(args.data_dir, args.port)
    try:
        result = run_load(
            f"http://127.0.0.1:{args.port}", args.seconds, args.clients, args.hostile, server.pid
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("\n".join(report(result)))


if __name__ == "__main__":
    main()
