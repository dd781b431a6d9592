"""A short version of the load test (bench/load.py): concurrent normal and hostile clients over loopback,
no 5xx except bombs stopped by the SPARQL time limit, nothing unexpected, the server healthy at the end."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from service.config import Settings
from service.web.app import create_app
from tests.web.conftest import serve_in_thread

_spec = importlib.util.spec_from_file_location(
    "bench_load", Path(__file__).resolve().parents[2] / "bench" / "load.py"
)
assert _spec is not None and _spec.loader is not None
load = importlib.util.module_from_spec(_spec)
sys.modules["bench_load"] = load  # dataclasses look their module up
_spec.loader.exec_module(load)


@pytest.mark.slow
def test_short_load_with_hostile_clients(settings: Settings):
    app = create_app(settings.model_copy(update={"sparql_timeout": 2.0}))
    with serve_in_thread(app) as url:
        result = load.run_load(url, seconds=12, clients=8, hostile_clients=2)
    assert result["healthy_at_end"]
    assert result["unexpected_count"] == 0, result["unexpected"]
    assert result["five_xx"] == result["five_xx_designed"]
    assert result["by_kind"]["hostile"]["requests"] > 0
    assert sum(v["requests"] for k, v in result["by_kind"].items() if k != "hostile") > 20
