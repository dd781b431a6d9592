"""Report records -> RDF triples (pure): the data model of ``docs/model.md``."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ingest.lexicon import Lexicon
from ingest.records import Activity, Report, Span, SubItem
from kg.iris import Iris, slug
from ontology import CAMI, DATA_BASE, OA, VOCAB

__all__ = ["build_graph", "iris_for"]

_SECTION_CLASS = {
    "part": CAMI.Part,
    "theme": CAMI.Theme,
    "species": CAMI.SpeciesSection,
    "conclusions": CAMI.ConclusionSection,
    "recipients": CAMI.ConclusionSection,
}
_CONVENTIONS = {"CITES": VOCAB["agreement/cites"], "CMS": VOCAB["agreement/cms"]}


def iris_for(report: Report, base: str = DATA_BASE) -> Iris:
    """The IRIs of ``report``'s resources under ``base``."""
    symbol = report.metadata.symbol or report.name.rsplit(".", 1)[0]
    programme = report.metadata.programme or "programme-of-work"
    return Iris(base, slug(symbol), slug(programme))


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


class _Writer:
    def __init__(self, report: Report, lexicon: Lexicon, base: str) -> None:
        self.r = report
        self.lexicon = lexicon
        self.iri = iris_for(report, base)
        self.g = Graph()
        self.spans: set[tuple[int, int]] = set()

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is None:
            return
        self.g.add((s, p, o if isinstance(o, URIRef | Literal) else Literal(o)))  # type: ignore[arg-type]

    def span(self, span: Span) -> URIRef:
        node = self.iri.span(span.start, span.end)
        if (span.start, span.end) in self.spans:
            return node
        self.spans.add((span.start, span.end))
        src = self.r.source
        position, quote = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        self.add(node, RDF.type, CAMI.TextSpan)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, self.iri.doc)
        self.add(node, OA.hasSelector, position)
        self.add(node, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, _int(span.start))
        self.add(position, OA.end, _int(span.end))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(src[span.start : span.end]))
        self.add(quote, OA.prefix, Literal(src[max(0, span.start - 32) : span.start]))
        self.add(quote, OA.suffix, Literal(src[span.end : span.end + 32]))
        return node

    # ------------------------------------------------------------------------------------------
    def document(self) -> None:
        m, doc = self.r.metadata, self.iri.doc
        self.add(doc, RDF.type, CAMI.Report)
        self.add(doc, DCTERMS.identifier, m.symbol)
        self.add(doc, DCTERMS.title, m.title or self.r.name)
        self.add(doc, CAMI.meetingName, m.meeting)
        self.add(doc, CAMI.meetingPlace, m.place)
        self.add(doc, CAMI.meetingCountry, URIRef(m.place_country) if m.place_country else None)
        if m.start_date:
            self.add(doc, CAMI.meetingStartDate, Literal(m.start_date, datatype=XSD.date))
        if m.end_date:
            self.add(doc, CAMI.meetingEndDate, Literal(m.end_date, datatype=XSD.date))
        if m.preparer:
            self.add(doc, CAMI.preparedByName, m.preparer)
            org = self.lexicon.find(m.preparer, str(CAMI.Organisation))
            self.add(doc, CAMI.preparedBy, URIRef(org.iri) if org else None)
        for country in m.reporting_countries:
            self.add(doc, CAMI.reportingCountry, URIRef(country))
        self.add(doc, CAMI.sourceSha256, self.r.sha256)
        self.add(doc, DCTERMS.source, self.r.name)
        pow_ = self.iri.programme
        self.add(pow_, RDF.type, CAMI.ProgrammeOfWork)
        self.add(pow_, DCTERMS.title, m.programme or "Programme of Work")
        self.add(pow_, CAMI.period, m.programme_period)
        self.add(doc, CAMI.reviews, pow_)

    def sections(self) -> None:
        for s in self.r.sections:
            node = self.iri.section(s.key)
            self.add(node, RDF.type, _SECTION_CLASS.get(s.kind, CAMI.Section))
            if s.part == "conclusions" and s.kind != "part":
                self.add(node, RDF.type, CAMI.ConclusionSection)
            self.add(node, RDFS.label, s.heading)
            self.add(node, CAMI.order, _int(s.order))
            self.add(node, CAMI.partKind, s.part)
            self.add(node, DCTERMS.isPartOf, self.iri.section(s.parent) if s.parent else self.iri.doc)
            self.add(node, CAMI.aboutSpecies, URIRef(s.species) if s.species else None)

    def paragraphs(self) -> None:
        for p in self.r.paragraphs:
            node = self.iri.paragraph(p.number)
            self.add(node, RDF.type, CAMI.Paragraph)
            self.add(node, CAMI.paragraphNumber, _int(p.number))
            self.add(node, CAMI.text, p.text)
            self.add(node, CAMI.start, _int(p.start))
            self.add(node, CAMI.end, _int(p.end))
            self.add(node, DCTERMS.isPartOf, self.iri.doc)
            self.add(node, CAMI.inSection, self.iri.section(p.section))
            for s in p.sentences:
                sent = self.iri.sentence(p.number, s.index)
                self.add(sent, RDF.type, CAMI.Sentence)
                self.add(sent, CAMI.text, s.text)
                self.add(sent, CAMI.start, _int(s.start))
                self.add(sent, CAMI.end, _int(s.end))
                self.add(sent, CAMI.sentenceIndex, _int(s.index))
                self.add(sent, CAMI.inParagraph, node)

    def _items(self, owner: URIRef, code: str, items: tuple[SubItem, ...], prefix: str = "") -> None:
        for n, item in enumerate(items, start=1):
            path = f"{prefix}{item.label or n}"
            node = self.iri.sub_item(code, path)
            self.add(owner, CAMI.subItem, node)
            self.add(node, RDF.type, CAMI.SubItem)
            self.add(node, CAMI.subItemLabel, item.label)
            self.add(node, CAMI.order, _int(n))
            self.add(node, CAMI.text, item.text)
            self._items(node, code, item.children, f"{path}.")

    def activity(self, a: Activity) -> None:
        # A species heading without activities is assessed as its section: the section key's last part is
        # the species slug ("wild-yak"), made unique if the heading occurs twice ("wild-yak-2").
        section_slug = a.section.rsplit("/", 1)[-1] if a.code is None else None
        assessment = self.iri.assessment(a.code, section_slug)
        if a.code is not None:
            act = self.iri.activity(a.code)
            self.add(act, RDF.type, CAMI.Activity)
            self.add(act, CAMI.activityCode, a.code)
            self.add(act, DCTERMS.title, a.title)
            self.add(act, DCTERMS.isPartOf, self.iri.programme)
            self.add(act, CAMI.theme, self.iri.section(a.theme_key))
            self.add(act, CAMI.themeLabel, a.theme)
            self.add(act, CAMI.aboutSpecies, URIRef(a.species_iri) if a.species_iri else None)
            if a.parent:
                parent = self.iri.activity(a.parent)
                self.add(act, CAMI.parentActivity, parent)
                self.add(parent, RDF.type, CAMI.Activity)
                self.add(parent, CAMI.activityCode, a.parent)
                self.add(parent, DCTERMS.title, a.parent_title)
                self.add(parent, DCTERMS.isPartOf, self.iri.programme)
                self.add(parent, CAMI.theme, self.iri.section(a.theme_key))
            for code in a.related:
                self.add(act, CAMI.relatedActivity, self.iri.activity(code))
            self.add(act, CAMI.headingSpan, self.span(a.heading_span))
            self._items(act, a.code, a.sub_items)
            if not a.evidence:
                return
            self.add(assessment, CAMI.assessedActivity, act)
        else:
            if not a.evidence:
                return
            section = self.iri.section(a.section)
            self.add(assessment, CAMI.assessedSection, section)
            self.add(assessment, CAMI.aboutSpecies, URIRef(a.species_iri) if a.species_iri else None)
        self.add(assessment, RDF.type, CAMI.Assessment)
        self.add(assessment, CAMI.reportedIn, self.iri.doc)
        for n in a.evidence:
            self.add(assessment, CAMI.evidenceParagraph, self.iri.paragraph(n))
            self.add(assessment, PROV.wasDerivedFrom, self.iri.paragraph(n))
        if a.rating is not None:
            self.add(assessment, CAMI.rating, URIRef(a.rating.concept))
            self.add(assessment, CAMI.ratingLabel, a.rating.label)
            self.add(assessment, CAMI.ratingAsWritten, a.rating.raw)
            self.add(assessment, CAMI.ratingScope, URIRef(a.rating.scope) if a.rating.scope else None)
            if a.rating.span:
                self.add(assessment, CAMI.ratingSpan, self.span(a.rating.span))
        self.add(assessment, CAMI.remark, a.remark)
        for ref in a.see_also:
            self.add(assessment, CAMI.seeAlsoText, ref.text)
            if ref.activity:
                self.add(assessment, CAMI.seeAlsoActivity, self.iri.activity(ref.activity))
            for n in ref.paragraphs:
                self.add(assessment, CAMI.seeAlsoParagraph, self.iri.paragraph(n))
        for ext in a.external_references:
            self.add(assessment, CAMI.externalReference, ext)

    def profiles(self) -> None:
        for prof in self.r.profiles:
            sp = slug(prof.name)
            node = self.iri.profile(sp)
            species = URIRef(prof.species)
            self.add(node, RDF.type, CAMI.SpeciesProfile)
            self.add(node, CAMI.aboutSpecies, species)
            self.add(node, CAMI.reportedIn, self.iri.doc)
            self.add(node, CAMI.commonName, prof.heading)
            self.add(node, CAMI.describedIn, self.iri.section(prof.section))
            for n, name in enumerate(prof.scientific_names):
                self.add(
                    node, CAMI.scientificNameAsWritten if n == 0 else CAMI.otherScientificNameAsWritten, name
                )
            if prof.iucn_concept:
                self.add(node, CAMI.redListCategory, URIRef(prof.iucn_concept))
            if prof.iucn_span and prof.iucn_paragraph:
                self.add(node, CAMI.redListEvidence, self.span(prof.iucn_span))
                self.add(node, CAMI.redListParagraph, self.iri.paragraph(prof.iucn_paragraph))
            for n in prof.paragraphs:
                self.add(node, CAMI.profileParagraph, self.iri.paragraph(n))
            for i, li in enumerate(prof.listings, start=1):
                ln = self.iri.listing(sp, f"{li.convention.lower()}-{li.appendix}-{i}")
                self.add(node, CAMI.listing, ln)
                self.add(ln, RDF.type, CAMI.Listing)
                self.add(ln, CAMI.convention, _CONVENTIONS.get(li.convention))
                self.add(ln, CAMI.conventionName, li.convention)
                self.add(ln, CAMI.appendix, li.appendix)
                self.add(ln, CAMI.appliesTo, li.applies_to)
                self.add(ln, CAMI.evidenceParagraph, self.iri.paragraph(li.paragraph))
                self.add(ln, CAMI.evidenceSpan, self.span(li.span))
            counts: dict[int, int] = {}
            for est in prof.estimates:
                counts[est.paragraph] = counts.get(est.paragraph, 0) + 1
                en = self.iri.estimate(sp, est.paragraph, counts[est.paragraph])
                self.add(node, CAMI.populationEstimate, en)
                self.add(en, RDF.type, CAMI.PopulationEstimate)
                self.add(en, CAMI.aboutSpecies, species)
                self.add(en, CAMI.valueAsWritten, est.value)
                if est.lower is not None:
                    self.add(en, CAMI.lowerBound, Literal(Decimal(str(est.lower)), datatype=XSD.decimal))
                if est.upper is not None:
                    self.add(en, CAMI.upperBound, Literal(Decimal(str(est.upper)), datatype=XSD.decimal))
                self.add(en, CAMI.yearAsWritten, est.year)
                self.add(en, CAMI.where, est.where)
                self.add(en, CAMI.location, URIRef(est.location) if est.location else None)
                self.add(en, CAMI.evidenceParagraph, self.iri.paragraph(est.paragraph))
                self.add(en, CAMI.evidenceSpan, self.span(est.span))

    def mentions(self) -> None:
        for m in self.r.mentions:
            node = self.iri.mention(m.start, m.end)
            self.add(node, RDF.type, CAMI.Mention)
            self.add(node, OA.hasBody, URIRef(m.concept))
            self.add(node, OA.hasTarget, self.span(Span(m.start, m.end)))
            self.add(node, OA.motivatedBy, OA.identifying)
            self.add(node, CAMI.polarity, CAMI.Negative if m.negated else CAMI.Positive)
            self.add(node, CAMI.inSentence, self.iri.sentence(m.paragraph, m.sentence))
            self.add(node, CAMI.entityType, URIRef(m.entity_type))

    def statements(self) -> None:
        sentences = {(p.number, s.index): s for p in self.r.paragraphs for s in p.sentences}
        for st in self.r.statements:
            subj, obj, rel = URIRef(st.subject), URIRef(st.object), CAMI[st.predicate]
            node = self.iri.statement(
                st.paragraph, st.sentence, _tail(st.subject), st.predicate, _tail(st.object)
            )
            sent = sentences[(st.paragraph, st.sentence)]
            self.add(node, RDF.type, CAMI.Statement)
            self.add(node, CAMI.subject, subj)
            self.add(node, CAMI.predicate, rel)
            self.add(node, CAMI.object, obj)
            self.add(node, CAMI.polarity, CAMI.Negative if st.negated else CAMI.Positive)
            self.add(node, CAMI.evidenceSentence, self.iri.sentence(st.paragraph, st.sentence))
            self.add(node, CAMI.evidenceParagraph, self.iri.paragraph(st.paragraph))
            self.add(node, CAMI.evidenceSpan, self.span(Span(sent.start, sent.end)))
            self.add(node, PROV.wasDerivedFrom, self.iri.sentence(st.paragraph, st.sentence))
            if not st.negated:
                self.add(subj, rel, obj)


def _tail(iri: str) -> str:
    return slug(iri.rstrip("/").rsplit("/", 1)[-1])


def build_graph(report: Report, lexicon: Lexicon, base: str = DATA_BASE) -> Graph:
    """Return the data triples for ``report`` (without ontology and vocabularies)."""
    w = _Writer(report, lexicon, base)
    w.document()
    w.sections()
    w.paragraphs()
    for activity in report.activities:
        w.activity(activity)
    w.profiles()
    w.mentions()
    w.statements()
    return w.g
