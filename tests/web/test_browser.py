"""The web UI in headless Chromium (Debian's, driven by Playwright), as an analyst would use it.

Screenshots land in artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.web.app import create_app
from tests.web.conftest import serve_in_thread

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it as root)"
    ),
]


@pytest.fixture(scope="module")
def site(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with serve_in_thread(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def page(site: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(60_000)
        yield page
        browser.close()


def test_ask_shows_the_six_countries_with_evidence(page, site: str):  # type: ignore[no-untyped-def]
    page.goto(site + "/")
    page.get_by_label("Question or search words").fill("Which countries use SMART?")
    page.keyboard.press("Enter")
    page.wait_for_selector(".answer-items li")
    countries = sorted(page.locator(".answer-items li").all_inner_texts())
    assert countries == ["Kazakhstan", "Kyrgyzstan", "Mongolia", "Pakistan", "Turkmenistan", "Uzbekistan"]
    assert page.locator("ol.evidence mark").count() >= 3
    page.screenshot(path=str(SHOTS / "ask.png"), full_page=False)


def test_evidence_link_opens_the_paragraph_in_the_reader(page, site: str):  # type: ignore[no-untyped-def]
    page.goto(site + "/?q=Which+countries+use+SMART%3F")
    link = page.locator("section.card ol.evidence a.ref").first
    number = link.inner_text().lstrip("¶")
    link.click()
    page.wait_for_url(f"**/report*#p-{number}")  # /report?document=SYMBOL#p-N
    target = page.locator(f"#p-{number}")
    assert target.is_visible()
    assert "SMART" in target.inner_text()
    page.screenshot(path=str(SHOTS / "reader.png"))


def test_dashboard_cell_leads_to_the_activities(page, site: str):  # type: ignore[no-untyped-def]
    page.goto(site + "/dashboard")
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    cell = page.get_by_label("activities of Species-specific Measures rated Not achieved")
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/activities?*")
    assert page.locator("tbody tr").count() == count
    assert set(page.locator("tbody .rating").all_inner_texts()) == {"Not achieved"}
    page.screenshot(path=str(SHOTS / "dashboard-cell.png"))


def test_activity_page_shows_the_trace(page, site: str):  # type: ignore[no-untyped-def]
    page.goto(site + "/activities/4.7")
    assert "Partially achieved" in page.locator(".rating").first.inner_text()
    assert "Kazakhstan (not)" in page.content()
    page.screenshot(path=str(SHOTS / "activity.png"), full_page=True)


def test_sparql_page_runs_a_query(page, site: str):  # type: ignore[no-untyped-def]
    page.goto(site + "/sparql-editor")
    page.get_by_label("Query").fill(
        "PREFIX cami: <https://w3id.org/cami-kg/ontology#>\n"
        "SELECT ?n ?text WHERE { ?p cami:paragraphNumber ?n ; cami:text ?text } ORDER BY ?n LIMIT 5"
    )
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector("table tbody tr")
    assert page.locator("table tbody tr").count() == 5
    assert page.get_by_role("link", name="CSV").get_attribute("href").startswith("/sparql?")
    page.screenshot(path=str(SHOTS / "sparql.png"))
