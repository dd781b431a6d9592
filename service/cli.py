"""The ``camikg`` command line: thin commands over ingest/kg, with one error-to-exit-code mapping."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ingest.errors import IngestError
from kg.errors import GraphError, QueryError, ValidationError
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
        except GraphError as exc:
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
) -> None:
    """Parse reports and replace the graph; a failed build leaves the last good graph in place."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kg.pipeline import build_store

    settings = _settings()
    sources = list(paths or settings.corpus)
    if not sources:
        _fail("no report given and no bundled report found; pass a path: camikg build REPORT.md", EXIT_INPUT)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("building", total=None)
        result = build_store(
            sources,
            settings.data_dir,
            settings.base_iri,
            reason=settings.reason and not no_reason,
            progress=lambda msg: progress.update(task, description=msg),
        )
    total = sum(result.seconds.values())
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
        f"graph: {result.triples} triples ({result.inferred} inferred) in {total:.1f}s -> {result.store}",
        highlight=False,
    )


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
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List POW activities with their rating and evidence paragraphs."""
    from kg.queries import list_activities

    items = list_activities(_graph(_settings()), theme=theme, species=species, rating=rating)
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


@app.command()
@_guard
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="serialization")] = ExportFormat.ttl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (default: stdout)")
    ] = None,
) -> None:
    """Export the whole graph as Turtle, N-Triples or JSON-LD."""
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
