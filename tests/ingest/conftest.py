"""Fixtures for the parser tests: parsing snippets (strings or ``tests/data`` files) and the mini report.

The lexicon and the bundled report (``lexicon``, ``report``) come from ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.lexicon import Lexicon
from ingest.load import read_report
from ingest.parse import parse_report
from ingest.records import Report

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def parse(lexicon: Lexicon) -> Callable[[str], Report]:
    """Parse a report snippet held in a string."""

    def _parse(text: str) -> Report:
        return parse_report(text, lexicon, name="snippet.md")

    return _parse


@pytest.fixture(scope="session")
def snippet(lexicon: Lexicon) -> Callable[[str], Report]:
    """Read and parse a snippet report from ``tests/data`` by file name."""

    def _snippet(name: str) -> Report:
        return read_report(DATA / name, lexicon)

    return _snippet


@pytest.fixture(scope="session")
def mini_report(lexicon: Lexicon) -> Report:
    """``tests/data/mini-report.md``: a small report in the conventions of the CAMI report."""
    return read_report(DATA / "mini-report.md", lexicon)
