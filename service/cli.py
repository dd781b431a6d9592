"""The ``camikg`` command line: thin commands over ingest/kg, with one error-to-exit-code mapping."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ingest.errors import IngestError
from kg.errors import DocumentNotFoundError, GraphError, QueryError, ValidationError
from search.errors import SearchError
from service.config import Settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="camikg",
    help="Evidence graph of CMS Programme of Work reviews: build it, query it, trace every rating.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score the graph against evaluation files (shared/eval format).", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# Exit codes: one mapping for the whole CLI.
EXIT_INPUT, EXIT_GRAPH, EXIT_QUERY, EXIT_NOT_FOUND = 3, 4, 5, 6


def _settings() -> Settings:
    return Settings()


def _fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _guard(fn: Any) -> Any:
    """Map library errors to one clear line and an exit code, never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except IngestError as exc:
            _fail(f"{exc} (the current graph is unchanged)", EXIT_INPUT)
        except ValidationError as exc:
            _fail(f"{exc} (the current graph is unchanged)", EXIT_GRAPH)
        except QueryError as exc:
            _fail(str(exc), EXIT_QUERY)
        except DocumentNotFoundError as exc:
            _fail(str(exc), EXIT_NOT_FOUND)
        except GraphError as exc:
            _fail(str(exc), EXIT_GRAPH)
        except SearchError as exc:
            _fail(str(exc), EXIT_GRAPH)

    return wrapper


def _graph(settings: Settings) -> Any:
    from kg.store import GraphStore

    return GraphStore(settings.data_dir).open_graph()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command()
@_guard
def build(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="report files (default: the bundled report)")
    ] = None,
    no_reason: Annotated[
        bool, typer.Option("--no-reason", help="skip HermiT and entailments (faster)")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="rebuild even when nothing changed")] = False,
) -> None:
    """Make the graph hold exactly these reports; a failed build leaves the last good graph in place."""
    from kg.corpus import build_store

    settings = _settings()
    sources = list(paths or settings.corpus)
    if not sources:
        _fail("no report given and no bundled report found; pass a path: camikg build REPORT.md", EXIT_INPUT)
    result = _with_progress(
        lambda say: build_store(
            sources,
            settings.data_dir,
            settings.base_iri,
            reason=settings.reason and not no_reason,
            progress=say,
            extra=_index_step(settings),
            force=force,
            max_input_bytes=settings.max_input_bytes,
            layout_file=settings.layout,
        )
    )
    _print_result(
        result, " (inputs unchanged: current graph kept; --force rebuilds)" if result.reused else ""
    )


def _index_step(settings: Settings) -> Any:
    from service.engine import index_hook

    return index_hook(settings)


def _with_progress(run: Callable[[Callable[[str], None]], Any]) -> Any:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("building", total=None)
        return run(lambda msg: progress.update(task, description=msg))


def _print_result(result: Any, note: str = "") -> None:
    total = result.seconds.get("total", sum(result.seconds.values()))
    for report in result.reports:
        out.print(
            f"[bold]{report.metadata.symbol or report.name}[/]: {len(report.paragraphs)} paragraphs, "
            f"{len(report.sections)} sections, {len(report.activities)} activities, "
            f"{len(report.profiles)} species profiles, {len(report.mentions)} mentions, "
            f"{len(report.statements)} statements",
            highlight=False,
        )
        for warning in report.warnings:
            err.print(f"[yellow]warning:[/] {report.name}: {warning}", highlight=False)
    out.print(
        f"graph: {len(result.documents)} report(s), {result.triples} triples ({result.inferred} inferred) "
        f"in {total:.1f}s -> {result.store}{note}",
        highlight=False,
    )


@app.command()
@_guard
def add(
    paths: Annotated[list[Path], typer.Argument(help="report files (.md, .txt, .docx, .pdf)")],
    no_reason: Annotated[
        bool, typer.Option("--no-reason", help="skip HermiT and entailments (faster)")
    ] = False,
) -> None:
    """Add reports to the graph, or replace those with the same document symbol; only they are processed."""
    from kg.corpus import add_documents

    settings = _settings()
    result = _with_progress(
        lambda say: add_documents(
            paths,
            settings.data_dir,
            settings.base_iri,
            reason=settings.reason and not no_reason,
            progress=say,
            extra=_index_step(settings),
            max_input_bytes=settings.max_input_bytes,
            layout_file=settings.layout,
        )
    )
    _print_result(result)


@app.command()
@_guard
def remove(
    ids: Annotated[list[str], typer.Argument(help="document symbols, file names or IRIs (see `documents`)")],
    no_reason: Annotated[
        bool, typer.Option("--no-reason", help="skip HermiT and entailments (faster)")
    ] = False,
) -> None:
    """Remove reports from the graph."""
    from kg.corpus import remove_documents

    settings = _settings()
    result = _with_progress(
        lambda say: remove_documents(
            ids,
            settings.data_dir,
            settings.base_iri,
            reason=settings.reason and not no_reason,
            progress=say,
            extra=_index_step(settings),
            layout_file=settings.layout,
        )
    )
    _print_result(result)


@app.command()
@_guard
def documents(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """List the reports in the graph, oldest review first."""
    from kg.corpus import documents as list_documents

    docs = list_documents(_settings().data_dir)
    if as_json:
        _print_json(docs)
        return
    table = Table("symbol", "date", "file", "paragraphs", "activities", "IRI")
    for d in docs:
        table.add_row(
            d.get("symbol") or "",
            d.get("date") or "",
            d["name"],
            str(d["paragraphs"]),
            str(d["activities"]),
            d["id"],
        )
    out.print(table)


@app.command()
@_guard
def changes(
    before: Annotated[
        str | None, typer.Option("--from", help="earlier review (default: the previous one)")
    ] = None,
    after: Annotated[str | None, typer.Option("--to", help="later review (default: the latest)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Activities whose rating changed between two reviews, with the paragraphs behind both ratings."""
    from kg.queries import rating_changes

    try:
        result = rating_changes(_graph(_settings()), before, after)
    except LookupError as exc:
        _fail(str(exc), EXIT_NOT_FOUND)
    if as_json:
        _print_json(result)
        return
    table = Table(
        "code", "change", result["from"]["symbol"] or "before", result["to"]["symbol"] or "after", "title"
    )
    for c in result["changes"]:
        table.add_row(
            c["code"],
            c["direction"],
            f"{c['before']['rating']} (¶{', '.join(map(str, c['before']['paragraphs']))})",
            f"{c['after']['rating']} (¶{', '.join(map(str, c['after']['paragraphs']))})",
            c["title"],
        )
    out.print(table)
    out.print(f"{len(result['changes'])} changed, {result['unchanged']} unchanged", highlight=False)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
@_guard
def sparql(
    query: Annotated[str, typer.Argument(help="a SPARQL query, or a file holding one (.rq)")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.table,
) -> None:
    """Run a SPARQL query over the graph (prefixes cami:, v:, skos:, oa:, prov:, dcterms: are predeclared)."""
    from kg.queries import run_query

    path = Path(query)
    text = path.read_text(encoding="utf-8") if len(query) < 4096 and path.is_file() else query
    result = run_query(_graph(_settings()), text)
    if result.type == "ASK":
        sys.stdout.write(("true" if result.askAnswer else "false") + "\n")
        return
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return
    if fmt is Format.json:
        sys.stdout.write((result.serialize(format="json") or b"").decode("utf-8") + "\n")
    elif fmt is Format.csv:
        sys.stdout.write((result.serialize(format="csv") or b"").decode("utf-8"))
    else:
        names = [str(v) for v in result.vars or []]
        table = Table(*names, show_lines=False)
        rows = 0
        for row in result:
            table.add_row(*["" if row[i] is None else str(row[i]) for i in range(len(names))])  # type: ignore[index]
            rows += 1
        out.print(table)
        err.print(f"{rows} row(s)")


@app.command()
@_guard
def activities(
    theme: Annotated[str | None, typer.Option(help="theme contains this text")] = None,
    species: Annotated[str | None, typer.Option(help="species contains this text")] = None,
    rating: Annotated[str | None, typer.Option(help="exact rating, e.g. 'Not achieved'")] = None,
    document: Annotated[
        str | None, typer.Option(help="one review (symbol, see `documents`); default: every review")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List POW activities with their rating and evidence paragraphs (one row per review)."""
    from kg.queries import list_activities

    items = list_activities(
        _graph(_settings()), theme=theme, species=species, rating=rating, document=document
    )
    if as_json:
        _print_json([{k: v for k, v in i.items() if k != "parent"} for i in items])
        return
    table = Table("code", "species", "rating", "evidence", "title")
    for i in items:
        table.add_row(
            i["code"] or "—",
            i["species"] or "",
            i["rating"] or "",
            ",".join(map(str, i["evidence_paragraphs"])),
            (i["title"] or "")[:70],
        )
    out.print(table)
    err.print(f"{len(items)} activities")


@app.command()
@_guard
def trace(
    code: Annotated[str, typer.Argument(help="activity code, e.g. 2.3 or 1.2.a")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show an activity's rating and the paragraphs, sentences and countries behind it."""
    from kg.queries import trace_activity

    result = trace_activity(_graph(_settings()), code)
    if result is None:
        _fail(f"no activity {code!r} in the graph; list them with `camikg activities`", EXIT_NOT_FOUND)
        return
    if as_json:
        _print_json(result)
        return
    out.print(f"[bold]{result['code']}[/] {result['title']}", highlight=False)
    out.print(
        f"theme: {result['theme']}" + (f" · species: {result['species']}" if result["species"] else ""),
        highlight=False,
    )
    quote = result["rating_quote"]
    where = f" (chars {quote['start']}-{quote['end']})" if quote else ""
    out.print(
        f"rating: [bold]{result['rating'] or '—'}[/] as written: {result['rating_raw']!r}{where}",
        highlight=False,
    )
    if result["remark"]:
        out.print(f"remark: {result['remark']}", highlight=False)
    if result["see_also"]:
        out.print(f"see also: {', '.join(result['see_also'])}", highlight=False)
    for para in result["evidence"]:
        out.print(f"\n[bold]¶{para['paragraph']}[/] (chars {para['start']}-{para['end']})", highlight=False)
        for s in para["sentences"]:
            marks = "; ".join(
                f"{m['name']}{' (NOT)' if m['negated'] else ''}"
                for m in s["mentions"]
                if m["type"] == "Country"
            )
            out.print(
                f"  [{s['index']}] {s['text']}" + (f"  [dim]<- {marks}[/]" if marks else ""), highlight=False
            )
    c = result["countries"]
    out.print(f"\ncountries that acted: {', '.join(c['positive']) or '—'}", highlight=False)
    out.print(f"countries that did not: {', '.join(c['negative']) or '—'}", highlight=False)


@app.command()
@_guard
def species(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """List species profiles: names, Red List category, appendices, population estimates, threats."""
    from kg.queries import list_species

    items = list_species(_graph(_settings()))
    if as_json:
        _print_json(items)
        return
    table = Table("species", "scientific name", "IUCN", "CITES", "CMS", "estimates", "threats")
    for i in items:
        table.add_row(
            i["name"],
            i["scientific_name"] or "",
            i["iucn_category"] or "",
            ", ".join(i["cites_appendix"]),
            ", ".join(i["cms_appendix"]),
            str(len(i["population_estimates"])),
            ", ".join(i["threats"])[:60],
        )
    out.print(table)


class ExportFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"
    nq = "nq"


@app.command()
@_guard
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="serialization")] = ExportFormat.ttl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (default: stdout)")
    ] = None,
) -> None:
    """Export the graph: Turtle, N-Triples or JSON-LD (merged), TriG or N-Quads (a graph per report)."""
    from kg.store import GraphStore

    data = GraphStore(_settings().data_dir).export(fmt.value)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"wrote {len(data)} bytes to {output}")


@app.command()
@_guard
def validate() -> None:
    """Re-check the current graph against the SHACL shapes."""
    from kg.pipeline import shapes_graph
    from kg.store import GraphStore
    from kg.validate import validate_graph

    graph = GraphStore(_settings().data_dir).load_graph()
    violations = validate_graph(graph, shapes_graph())
    if violations:
        for v in violations[:50]:
            err.print(f"{v.focus} {v.path}: {v.message}", highlight=False)
        _fail(f"the graph breaks {len(violations)} SHACL constraint(s)", EXIT_GRAPH)
    out.print(f"conforms: {len(graph)} triples checked against the SHACL shapes", highlight=False)


@app.command()
@_guard
def stats(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Summarize the graph: triples, resources per class, ratings."""
    from kg.queries import stats as graph_stats
    from kg.store import GraphStore

    settings = _settings()
    data = graph_stats(_graph(settings))
    data["build"] = GraphStore(settings.data_dir).manifest()
    if as_json:
        _print_json(data)
        return
    build_info = data["build"]
    out.print(
        f"graph built {build_info.get('built_at', '?')}: {data['triples']} triples "
        f"({build_info.get('inferred_triples', 0)} inferred)",
        highlight=False,
    )
    table = Table("class", "count")
    for name, n in sorted(data["classes"].items()):
        table.add_row(name, str(n))
    out.print(table)
    ratings = Table("rating", "assessments")
    for name, n in data["ratings"].items():
        ratings.add_row(name, str(n))
    out.print(ratings)


@app.command()
@_guard
def ask(
    question: Annotated[str, typer.Argument(help="a question, e.g. 'Which countries use SMART?'")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Answer a question from the graph, with the paragraphs that prove it (or ranked passages)."""
    from service.engine import answerer

    result = answerer(_settings()).answer(question)
    if as_json:
        _print_json(result.as_json())
        return
    if result.kind == "graph":
        labels = ", ".join(a["label"] for a in result.answer) or "—"
        out.print(f"[bold]{labels}[/]", highlight=False)
    else:
        out.print("[yellow]No answer from the graph; the most relevant passages:[/]", highlight=False)
    for ev in result.evidence:
        out.print(f"  ¶{ev['paragraph']}: {ev['sentence'] or ev['text'][:200]}", highlight=False)
    if result.sparql:
        err.print(f"[dim]{result.sparql}[/]", highlight=False)


@app.command()
@_guard
def search(
    query: Annotated[str, typer.Argument(help="words to search for")],
    limit: Annotated[int, typer.Option(help="number of paragraphs", min=1, max=100)] = 10,
    country: Annotated[
        str | None, typer.Option(help="only paragraphs naming this country (positively)")
    ] = None,
    species: Annotated[str | None, typer.Option(help="only paragraphs about this species")] = None,
    theme: Annotated[str | None, typer.Option(help="theme contains this text")] = None,
    rating: Annotated[str | None, typer.Option(help="rating of the activity the paragraph assesses")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Hybrid (semantic + BM25 + graph) search over paragraphs, best sentence highlighted."""
    from search.index import Filters, hit_json
    from service.engine import search_index

    index = search_index(_settings())
    filters = Filters(
        country=_concept(index, country, "Country"),
        species=_concept(index, species, "Species"),
        theme=theme,
        rating=rating,
    )
    hits = index.search(query, limit=limit, filters=filters)
    if as_json:
        _print_json({"query": query, "results": [hit_json(h) for h in hits]})
        return
    for h in hits:
        sentence = h.sentence.text if h.sentence else ""
        out.print(
            f"[bold]¶{h.paragraph.paragraph}[/] {h.score:.3f} [dim]{h.paragraph.section}[/]", highlight=False
        )
        out.print(f"  {sentence}", highlight=False)


def _concept(index: Any, name: str | None, kind: str) -> str | None:
    if name is None:
        return None
    from ontology import CAMI

    concept = index.lexicon.find(name, str(CAMI[kind]))
    if concept is None:
        _fail(f"unknown {kind.lower()} {name!r}", EXIT_INPUT)
    return concept.iri if concept else None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
) -> None:
    """Serve the web UI, the JSON API (/docs) and the SPARQL endpoint (/sparql)."""
    import uvicorn

    from service.web.app import create_app

    settings = _settings()
    host, port = host or settings.host, port or settings.port
    err.print(f"cami-kg at http://{host}:{port}/  (SPARQL: /sparql, API docs: /docs)", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@eval_app.command("activities")
@_guard
def eval_activities(
    file: Annotated[
        Path, typer.Argument(help="gold activities JSON (shared/eval/dev_activities.json format)")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Score extracted activities (rating, evidence, cross-references) against a gold file."""
    from kg.evaluate import FIELDS, score_activities
    from kg.queries import list_activities

    try:
        gold = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"{file}: cannot read gold activities ({exc})", EXIT_INPUT)
        return
    score = score_activities(gold, list_activities(_graph(_settings())))
    if as_json:
        _print_json(score.as_dict())
        return
    out.print(
        f"activities: {score.found}/{score.items} found, exact match {score.accuracy:.1%}", highlight=False
    )
    for f in FIELDS:
        if score.field_total[f]:
            out.print(f"  {f:<20} {score.field_accuracy(f):.1%}", highlight=False)
    out.print(
        f"  evidence precision {score.evidence_precision:.1%} recall {score.evidence_recall:.1%}",
        highlight=False,
    )
    for miss in score.misses[:20]:
        out.print(f"  miss: {json.dumps(miss, ensure_ascii=False)}", highlight=False)


def main() -> None:  # pragma: no cover - console entry
    app()


@eval_app.command("questions")
@_guard
def eval_questions(
    file: Annotated[Path, typer.Argument(help="gold questions JSON (shared/eval/dev_questions.json format)")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Score `ask` on a question file: answer F1, evidence recall@10 and precision, per kind."""
    from search.evaluate import score_questions
    from service.engine import answerer

    gold = _read_gold(file)
    engine = answerer(_settings())
    predicted = {}
    for q in gold:
        result = engine.answer(q["question"])
        labels = [a["label"] for a in result.answer] if result.kind == "graph" else []
        predicted[q["id"]] = {"answer": labels, "evidence": [e["paragraph"] for e in result.evidence]}
    score = score_questions(gold, predicted)
    if as_json:
        _print_json(score)
        return
    table = Table("kind", "n", "answer F1", "evidence R@10", "evidence P")
    for kind, s in [*score["per_kind"].items(), ("overall", score["overall"])]:
        table.add_row(
            kind,
            str(s["n"]),
            f"{s['answer_f1']:.3f}",
            f"{s['evidence_recall@10']:.3f}",
            f"{s['evidence_precision']:.3f}",
        )
    out.print(table)
    for row in score["questions"]:
        if row["f1"] < 1.0 or row["recall"] < 1.0:
            out.print(
                f"  {row['id']}: F1 {row['f1']:.2f} R {row['recall']:.2f} predicted {row['predicted']} "
                f"gold {row['gold']}",
                highlight=False,
            )


@eval_app.command("search")
@_guard
def eval_search(
    file: Annotated[Path, typer.Argument(help="gold search JSON (shared/eval/dev_search.json format)")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Score search on a query file: nDCG@10, recall@10, MRR — hybrid beside the BM25 and dense baselines."""
    from search.evaluate import score_search
    from service.engine import search_index

    gold = _read_gold(file)
    index = search_index(_settings())
    results = {}
    for mode in ("hybrid", "lexical", "dense"):
        ranked = {
            q["id"]: [h.paragraph.paragraph for h in index.search(q["query"], limit=10, mode=mode)]
            for q in gold
        }
        results[mode] = score_search(gold, ranked)
    if as_json:
        _print_json(results)
        return
    table = Table("ranking", "nDCG@10", "recall@10", "MRR")
    for mode, s in results.items():
        table.add_row(mode, f"{s['ndcg@10']:.3f}", f"{s['recall@10']:.3f}", f"{s['mrr']:.3f}")
    out.print(table)


def _read_gold(file: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"{file}: cannot read the gold file ({exc})", EXIT_INPUT)
        raise AssertionError from exc  # unreachable: _fail exits
    if not isinstance(data, list):
        _fail(f"{file}: expected a JSON list", EXIT_INPUT)
    return data


if __name__ == "__main__":  # pragma: no cover - `python -m service.cli`
    main()
