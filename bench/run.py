"""Benchmarks of the build and the queries on the bundled report: medians over repeated runs.

Run with `make bench`. Timings are printed, never asserted (tests stay free of timing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ingest.load import load_lexicon, read_report, read_text
from ingest.parse import parse_report
from kg.build import build_graph
from kg.pipeline import assemble, build_store, ontology_graph, shapes_graph
from kg.queries import list_activities, list_species, named_query, run_query, trace_activity
from kg.reason import check_consistency
from kg.store import GraphStore
from kg.validate import validate_graph
from search.evaluate import score_search
from service.config import REPO_ROOT, Settings, default_corpus
from service.engine import answerer, index_hook, search_index

EVAL = REPO_ROOT.parent / "shared" / "eval"


def _median(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    corpus = default_corpus()
    source = read_text(corpus[0])
    lexicon = load_lexicon()
    report = read_report(corpus[0], lexicon)
    data = build_graph(report, lexicon)
    tbox = ontology_graph()
    results: dict[str, dict[str, float]] = {}

    def measure(name: str, fn: Callable[[], object], repeat: int | None = None) -> None:
        median, best = _median(fn, repeat or args.repeat)
        results[name] = {"median_s": round(median, 4), "min_s": round(best, 4)}
        if not args.json:
            print(f"{name:<34} median {median * 1000:9.1f} ms   min {best * 1000:9.1f} ms")

    measure("parse report", lambda: parse_report(source, lexicon, name=corpus[0].name))
    measure("build triples", lambda: build_graph(report, lexicon))
    measure("SHACL validation", lambda: validate_graph(data, shapes_graph(), tbox), repeat=3)
    measure("HermiT consistency", lambda: check_consistency(tbox, data), repeat=3)
    measure("assemble with reasoning", lambda: assemble([report], lexicon), repeat=3)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        measure(
            "full build to store (+ index)",
            lambda: build_store(corpus, Path(tmp), extra=index_hook(settings)),
            repeat=3,
        )
        graph = GraphStore(Path(tmp)).open_graph()
        measure("query: activities list", lambda: list_activities(graph))
        measure("query: trace 2.3", lambda: trace_activity(graph, "2.3"))
        measure("query: species list", lambda: list_species(graph))
        measure(
            "query: countries using SMART",
            lambda: list(run_query(graph, named_query("countries-using-practice"))),
        )
        results["graph"] = {"triples": float(len(graph))}
        t = time.perf_counter()
        engine = answerer(settings)
        engine.answer("Which countries use SMART?")
        results["ask start-up (model load + first answer)"] = {"seconds": round(time.perf_counter() - t, 3)}
        questions = [
            q["question"] for q in json.loads((EVAL / "dev_questions.json").read_text(encoding="utf-8"))
        ]
        measure("ask: all 8 dev questions", lambda: [engine.answer(q) for q in questions])
        index = search_index(settings)
        measure("search: one query", lambda: index.search("livestock insurance compensation for losses"))
        gold = json.loads((EVAL / "dev_search.json").read_text(encoding="utf-8"))
        for mode in ("hybrid", "lexical", "dense"):
            ranked = {
                q["id"]: [h.paragraph.paragraph for h in index.search(q["query"], mode=mode)] for q in gold
            }
            results[f"dev_search nDCG@10 {mode}"] = {"value": score_search(gold, ranked)["ndcg@10"]}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, value in results.items():
            if "median_s" not in value:
                print(f"{name:<42} {next(iter(value.values()))}")


if __name__ == "__main__":
    main()
