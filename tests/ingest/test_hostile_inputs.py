"""A corpus of hostile and broken inputs, each built with `camikg build` as a user would.

Every input ends in one of two ways: a graph, with warnings that name the line and what was odd, or one
clear error line and exit code 3 — never a traceback, and never a change to the last good store.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import EXIT_INPUT, app

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = (DATA / "mini_pow_report.md").read_text(encoding="utf-8")
runner = CliRunner()


def _duplicate_number(text: str) -> str:
    return text.replace("\n4. See section 2.3", "\n3. See section 2.3")


def _number_zero(text: str) -> str:
    return text.replace("\n1. The present", "\n0. The present")


def _far_jump(text: str) -> str:
    return text.replace("\n4. See section 2.3", "\n40. See section 2.3")


def _without_ratings(text: str) -> str:
    return text.replace("*Partially achieved.* ", "")


def _unknown_heading(text: str) -> str:
    return text.replace("Introduction\n", "Foreword by the Editors\n", 1)


def _nested_markup(text: str) -> str:
    deep = "*" * 500 + "_" * 500 + "[" * 500 + "Snow Leopard" + "]" * 500 + "_" * 500 + "*" * 500
    return text.replace("SMART is used by Kazakhstan", f"{deep} SMART is used by Kazakhstan")


def _long_line(text: str) -> str:
    return text.replace(
        "Uzbekistan has not introduced SMART.", "Uzbekistan has not introduced SMART. " * 3000
    )


def _truncated(text: str) -> str:
    cut = text.index("SMART is used by") + len("SMART is us")
    return text[:cut]


# name -> (bytes of the file, expected exit code, text expected in the output: a warning or the error)
CASES: dict[str, tuple[Callable[[], bytes], int, str]] = {
    "empty": (lambda: b"", EXIT_INPUT, "empty"),
    "whitespace only": (lambda: b" \n\t\n   \r\n", EXIT_INPUT, "empty"),
    "binary": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, EXIT_INPUT, "binary"),
    "cp1252": (
        lambda: MINI.replace("’", "'").encode("utf-8") + "Caf\xe9 \x92s".encode("latin-1"),
        3,
        "cp1252",
    ),
    "latin-1": (lambda: MINI.encode("utf-8").replace(b"Snow", "Sn\xf6w".encode("latin-1")), 3, "UTF-8"),
    "no paragraphs": (lambda: b"Introduction\n\nJust notes.\n", EXIT_INPUT, "numbered paragraphs"),
    "over the size limit": (lambda: (MINI + "x" * 1024).encode() * 600, EXIT_INPUT, "MB"),
    "UTF-16 with BOM": (lambda: codecs.BOM_UTF16_LE + MINI.encode("utf-16-le"), 0, "graph:"),
    "UTF-8 with BOM": (lambda: codecs.BOM_UTF8 + MINI.encode(), 0, "graph:"),
    "mixed line endings": (
        lambda: MINI.replace("\n", "\r\n", 10).replace("\n\n", "\r\r", 3).encode(),
        0,
        "graph:",
    ),
    "truncated mid-paragraph": (lambda: _truncated(MINI).encode(), 0, "ends mid-sentence"),
    "duplicated paragraph number": (lambda: _duplicate_number(MINI).encode(), 0, "repeats an earlier number"),
    "missing paragraph numbers": (lambda: _far_jump(MINI).encode(), 0, "jumps too far ahead"),
    "paragraph number 0": (lambda: _number_zero(MINI).encode(), 0, "number 0"),
    "activities without ratings": (lambda: _without_ratings(MINI).encode(), 0, "no rating"),
    "unknown heading": (lambda: _unknown_heading(MINI).encode(), 0, "before any known part heading"),
    "deeply nested markup": (lambda: _nested_markup(MINI).encode(), 0, "graph:"),
    "extremely long line": (lambda: _long_line(MINI).encode(), 0, "a line of"),
}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a good graph of the mini report (hashing encoder, no reasoning)."""
    data_dir = tmp_path_factory.mktemp("hostile")
    source = data_dir / "good.md"
    source.write_text(MINI, encoding="utf-8")
    result = _build(data_dir, source)
    assert result.exit_code == 0, result.output
    return data_dir


def _build(data_dir: Path, source: Path):  # type: ignore[no-untyped-def]
    env = {
        "CAMIKG_DATA_DIR": str(data_dir),
        "CAMIKG_ENCODER": "hashing",
        "CAMIKG_MAX_INPUT_BYTES": str(1_000_000),
    }
    return runner.invoke(app, ["build", str(source), "--no-reason"], env=env)


def _state(data_dir: Path) -> tuple[str, list[str]]:
    manifest = json.loads((data_dir / "current" / "build.json").read_text())
    return manifest["build_id"], sorted(p.name for p in (data_dir / "stores").iterdir())


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(name: str, good_store: Path, tmp_path: Path):
    make, expected_code, expected_text = CASES[name]
    source = tmp_path / "report.md"
    source.write_bytes(make())
    before = _state(good_store)
    result = _build(good_store, source)
    output = result.output  # stdout and stderr, as a terminal shows them
    assert "Traceback" not in output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), output
    assert result.exit_code == expected_code, output
    assert expected_text in output, output
    if expected_code != 0:
        assert len([line for line in output.splitlines() if line.strip()]) == 1, output
        assert _state(good_store) == before  # the last good graph is still the one served
    else:  # a graph of this input is current (an input equal to the last one keeps its store)
        manifest = json.loads((good_store / "current" / "build.json").read_text())
        assert [r["name"] for r in manifest["reports"]] == ["report.md"]
    assert not list((good_store / "stores").glob(".staging-*"))


def test_warnings_name_the_line(good_store: Path, tmp_path: Path):
    source = tmp_path / "report.md"
    source.write_text(_duplicate_number(MINI), encoding="utf-8")
    result = _build(good_store, source)
    line = next(
        i for i, text in enumerate(_duplicate_number(MINI).splitlines(), 1) if text.startswith("3. See")
    )
    assert f"line {line}: paragraph number 3 repeats" in result.output


def test_encodings_give_the_same_report(tmp_path: Path, lexicon):  # type: ignore[no-untyped-def]
    from ingest.load import read_report

    paths = {
        "utf-8": MINI.encode(),
        "utf-16": codecs.BOM_UTF16_BE + MINI.encode("utf-16-be"),
        "utf-32": codecs.BOM_UTF32_LE + MINI.encode("utf-32-le"),
        "crlf": MINI.replace("\n", "\r\n").encode(),
    }
    reports = {}
    for name, data in paths.items():
        path = tmp_path / f"{name}.md"
        path.write_bytes(data)
        reports[name] = read_report(path, lexicon)
    first = reports["utf-8"]
    for report in reports.values():
        assert report.source == first.source
        assert report.paragraphs == first.paragraphs and report.mentions == first.mentions
