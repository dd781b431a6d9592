"""One report in three formats: the markdown text, the DOCX users receive and its PDF give the same report.

The DOCX is written from the bundled markdown report the way a Word user lays it out (Heading styles,
auto-numbered paragraphs, italics as run formatting, running header and page numbers) and the PDF is that
DOCX printed by LibreOffice (``tests/ingest/fixtures.py``). Offsets differ between the formats by
construction, so the reports are compared as facts; within each format every offset must still point at
the text it quotes.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from ingest.errors import DocumentFormatError, InputTooLargeError
from ingest.formats import read_document
from ingest.lexicon import Lexicon
from ingest.load import read_report
from ingest.records import Report
from ingest.text import collapse, mask_markup
from kg.build import build_graph
from ontology import CAMI
from service.cli import app
from tests.ingest.fixtures import docx_from_markdown, pdf_from_docx, relaid_docx

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "cami3-doc2-overview-report.md"
MINI = REPO / "tests" / "data" / "mini_pow_report.md"
NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="Debian's LibreOffice is not installed (make test installs it as root)",
)
LIMIT = 16 * 1024 * 1024


@pytest.fixture(scope="session")
def bundled_docx(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> Path:
    return docx_from_markdown(CORPUS, tmp_path_factory.mktemp("docx") / "cami3-doc2.docx", lexicon)


@pytest.fixture(scope="session")
def bundled_pdf(tmp_path_factory: pytest.TempPathFactory, bundled_docx: Path) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    return pdf_from_docx(bundled_docx, folder, folder / "libreoffice-profile")


@pytest.fixture(scope="session")
def relaid_docx_file(tmp_path_factory: pytest.TempPathFactory, bundled_docx: Path) -> Path:
    """The same DOCX justified on A4, spaced, with paragraph numbers typed as text (``relaid_docx``)."""
    return relaid_docx(bundled_docx, tmp_path_factory.mktemp("relaid") / "cami3-doc2-relaid.docx")


@pytest.fixture(scope="session")
def relaid_pdf(tmp_path_factory: pytest.TempPathFactory, relaid_docx_file: Path) -> Path:
    folder = tmp_path_factory.mktemp("relaid-pdf")
    return pdf_from_docx(relaid_docx_file, folder, folder / "libreoffice-profile")


@pytest.fixture(
    scope="session",
    params=[
        pytest.param("bundled_docx", id="docx"),
        pytest.param("bundled_pdf", id="pdf", marks=NEEDS_SOFFICE),
        pytest.param("relaid_docx_file", id="relaid-docx", marks=pytest.mark.slow),
        pytest.param("relaid_pdf", id="relaid-pdf", marks=[pytest.mark.slow, NEEDS_SOFFICE]),
    ],
)
def converted(request: pytest.FixtureRequest, lexicon: Lexicon) -> Report:
    """The bundled report read from its DOCX and PDF, in two layouts."""
    return read_report(request.getfixturevalue(request.param), lexicon)


def _norm(text: str) -> str:
    """Text without the spacing that markdown link and emphasis markup leaves ("[text](#)." → "text .")."""
    text = " ".join(text.split())
    return re.sub(r"(?<=[(\[])\s+", "", re.sub(r"\s+(?=[.,;:)\]])", "", text))


def _is_pdf(report: Report) -> bool:
    return report.name.endswith(".pdf")


def test_same_paragraphs(report: Report, converted: Report):
    def facts(r: Report) -> list[tuple[object, ...]]:
        return [
            (p.number, _norm(p.text), p.section, tuple(_norm(s.text) for s in p.sentences))
            for p in r.paragraphs
        ]

    assert len(converted.paragraphs) == len(report.paragraphs) == 431
    assert facts(converted) == facts(report)


def test_same_sections(report: Report, converted: Report):
    def facts(r: Report) -> list[tuple[object, ...]]:
        return [(s.key, s.heading, s.kind, s.part, s.parent, s.order, s.species) for s in r.sections]

    assert facts(converted) == facts(report)


def test_same_activities(report: Report, converted: Report):
    def facts(r: Report) -> list[tuple[object, ...]]:
        return [
            (
                a.code,
                _norm(a.title),
                a.theme_key,
                a.species_iri,
                a.parent,
                a.rating and (a.rating.label, a.rating.concept, a.rating.raw, a.rating.scope),
                a.remark,
                a.evidence,
                tuple((c.text, c.activity, c.paragraphs) for c in a.see_also),
                a.sub_items,
                a.related,
                a.section,
            )
            for a in r.activities
        ]

    assert len(converted.activities) == len(report.activities) == 173
    assert facts(converted) == facts(report)
    # Link texts ("[Overview Report ...](#)") are external references. The DOCX keeps its hyperlinks;
    # LibreOffice's PDF of it carries no link annotations, so there the link texts are plain text.
    if not _is_pdf(converted):
        assert [a.external_references for a in converted.activities] == [
            a.external_references for a in report.activities
        ]


def test_same_species_profiles(report: Report, converted: Report):
    def facts(r: Report) -> list[tuple[object, ...]]:
        return [
            (
                p.species,
                p.heading,
                p.scientific_names,
                p.iucn_category,
                p.iucn_paragraph,
                tuple((x.convention, x.appendix, x.applies_to, x.paragraph) for x in p.listings),
                tuple(
                    (e.value, e.lower, e.upper, e.year, e.where, e.location, e.paragraph) for e in p.estimates
                ),
                p.paragraphs,
            )
            for p in r.profiles
        ]

    assert facts(converted) == facts(report)


def test_same_mentions_and_statements(report: Report, converted: Report):
    def mentions(r: Report) -> list[tuple[object, ...]]:
        return [
            (m.concept, _norm(m.surface), m.paragraph, m.sentence, m.negated, m.clause) for m in r.mentions
        ]

    def statements(r: Report) -> list[tuple[object, ...]]:
        return [(s.subject, s.predicate, s.object, s.negated, s.paragraph) for s in r.statements]

    assert (len(converted.mentions), len(converted.statements)) == (len(report.mentions), 800)
    assert mentions(converted) == mentions(report)
    assert statements(converted) == statements(report)


def test_same_metadata(report: Report, converted: Report):
    assert converted.metadata == report.metadata
    assert converted.name != report.name  # the file name, as given


def test_offsets_point_at_the_quoted_text(converted: Report):
    source, masked = converted.source, mask_markup(converted.source)
    assert all(source[m.start : m.end] == m.surface for m in converted.mentions)
    for paragraph in converted.paragraphs:
        assert source[paragraph.start :].startswith(f"{paragraph.number}. ")
        assert all(collapse(masked[s.start : s.end]) == s.text for s in paragraph.sentences)
    for activity in converted.activities:
        rating = activity.rating
        if rating is not None and rating.span is not None and rating.raw is not None:
            assert collapse(source[rating.span.start : rating.span.end]) == rating.raw


_RATINGS = """
PREFIX cami: <https://w3id.org/cami-kg/ontology#>
SELECT ?code ?rating (GROUP_CONCAT(STR(?n); separator=",") AS ?evidence) WHERE {
  ?act cami:activityCode ?code .
  ?a cami:assessedActivity ?act ; cami:evidenceParagraph/cami:paragraphNumber ?n .
  OPTIONAL { ?a cami:ratingLabel ?rating }
} GROUP BY ?code ?rating
"""
_STATEMENTS = """
PREFIX cami: <https://w3id.org/cami-kg/ontology#>
SELECT ?s ?p ?o ?polarity ?n ?i WHERE {
  ?st a cami:Statement ; cami:subject ?s ; cami:predicate ?p ; cami:object ?o ; cami:polarity ?polarity ;
      cami:evidenceParagraph/cami:paragraphNumber ?n ; cami:evidenceSentence/cami:sentenceIndex ?i .
}
"""


def _rows(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in graph.query(query)}  # type: ignore[union-attr]


def _offset_free(graph: Graph) -> set[tuple[object, ...]]:
    """The triples that do not depend on character offsets (spans and mentions are named by theirs)."""
    drop = {CAMI.start, CAMI.end, CAMI.sourceSha256, DCTERMS.source}
    return {
        (s, p, _norm(str(o)) if p == CAMI.text else o)
        for s, p, o in graph
        if p not in drop and not any("/span/" in str(t) or "/mention/" in str(t) for t in (s, o))
    }


@pytest.fixture(scope="session")
def markdown_graph(report: Report, lexicon: Lexicon) -> Graph:
    return build_graph(report, lexicon)


def test_same_graph(markdown_graph: Graph, converted: Report, lexicon: Lexicon):
    expected, graph = markdown_graph, build_graph(converted, lexicon)
    ratings = _rows(graph, _RATINGS)
    assert ("2.3", "Partially achieved", "112") in ratings
    assert ratings == _rows(expected, _RATINGS)
    assert _rows(graph, _STATEMENTS) == _rows(expected, _STATEMENTS)
    differences = _offset_free(graph) ^ _offset_free(expected)
    if _is_pdf(converted):  # no link annotations in the PDF: see test_same_activities
        differences = {t for t in differences if t[1] != CAMI.externalReference}
    assert differences == set()


# --- DOCX details ---------------------------------------------------------------------------------


def test_docx_literal_numbers_headings_and_continuations(tmp_path: Path):
    document = docx.Document()
    document.add_heading("Introduction", level=1)
    document.add_paragraph("60. The Snow leopard is listed as ")
    document.paragraphs[-1].add_run("Vulnerable").italic = True
    document.paragraphs[-1].add_run(" and its range spans twelve")
    document.add_paragraph("countries of Central and South Asia.")  # cut by a page break
    document.add_paragraph().add_run("Argali").bold = True
    numbered = document.add_paragraph("Populations are stable.", style="List Number")
    numbered.insert_paragraph_before("Surveys continue.", style="List Number")
    document.add_paragraph("a) Map corridors.", style="List Bullet")
    path = tmp_path / "snippet.docx"
    document.save(str(path))
    assert read_document(path, LIMIT) == (
        "Introduction\n\n"
        "60. The Snow leopard is listed as *Vulnerable* and its range spans twelve countries of Central "
        "and South Asia.\n\n"
        "**Argali**\n\n"
        "1. Surveys continue.\n\n2. Populations are stable.\n\n"
        "- a) Map corridors.\n"
    )


# --- errors ---------------------------------------------------------------------------------------


def _one_line(error: pytest.ExceptionInfo[DocumentFormatError], *words: str) -> None:
    message = str(error.value)
    assert "\n" not in message and all(word in message for word in words), message


def test_corrupt_docx(tmp_path: Path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(DocumentFormatError) as caught:
        read_report(path)
    _one_line(caught, "report.docx", "damaged")


def test_zip_that_is_no_word_document(tmp_path: Path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "1. Not a Word document.")
    with pytest.raises(DocumentFormatError) as caught:
        read_report(path)
    _one_line(caught, "report.docx")


def test_encrypted_docx(tmp_path: Path):
    path = tmp_path / "report.docx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    )  # the OLE container Word encrypts into
    with pytest.raises(DocumentFormatError) as caught:
        read_report(path)
    _one_line(caught, "encrypted")


def test_legacy_word_file(tmp_path: Path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DocumentFormatError) as caught:
        read_report(path)
    _one_line(caught, "report.doc", ".docx")


def test_pdf_that_is_not_a_pdf(tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_text("Introduction\n\n1. A text file named .pdf.\n", encoding="utf-8")
    with pytest.raises(DocumentFormatError) as caught:
        read_report(path)
    _one_line(caught, "report.pdf", "not a readable PDF")


def test_scanned_pdf_without_text(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    with pytest.raises(DocumentFormatError) as caught:
        read_report(path)
    _one_line(caught, "scan.pdf", "no text layer")


def test_size_limit_applies_to_the_file(tmp_path: Path, lexicon: Lexicon):
    path = docx_from_markdown(MINI, tmp_path / "mini.docx", lexicon)
    with pytest.raises(InputTooLargeError):
        read_report(path, lexicon, max_bytes=path.stat().st_size - 1)
    assert len(read_report(path, lexicon, max_bytes=path.stat().st_size).paragraphs) == 4


def test_cli_builds_a_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicon: Lexicon):
    path = docx_from_markdown(MINI, tmp_path / "mini_pow_report.docx", lexicon)
    monkeypatch.setenv("CAMIKG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAMIKG_ENCODER", "hashing")
    result = CliRunner().invoke(app, ["build", "--no-reason", str(path)])
    assert result.exit_code == 0, result.output
    assert "UNEP/CMS/TMI1/Doc.5: 4 paragraphs" in result.output and "2 activities" in result.output
