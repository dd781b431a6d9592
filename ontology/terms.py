"""The cami: terms of ontology/cami.ttl as a closed namespace: a misspelt term raises AttributeError.

Keep in step with cami.ttl (tests/test_architecture.py checks both ways).
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["CAMI"]


class CAMI(DefinedNamespace):
    """Classes, individuals and properties of the cami-kg ontology."""

    _NS = Namespace("https://w3id.org/cami-kg/ontology#")
    _fail = True

    # classes and individuals
    Activity: URIRef
    Agreement: URIRef
    Assessment: URIRef
    ConclusionSection: URIRef
    Country: URIRef
    Document: URIRef
    Entity: URIRef
    IucnActionClass: URIRef
    IucnThreatClass: URIRef
    Listing: URIRef
    Mention: URIRef
    Negative: URIRef
    Organisation: URIRef
    Paragraph: URIRef
    Part: URIRef
    Place: URIRef
    Polarity: URIRef
    PopulationEstimate: URIRef
    Positive: URIRef
    ProgrammeOfWork: URIRef
    Project: URIRef
    ProtectedArea: URIRef
    Rating: URIRef
    RedListCategory: URIRef
    Report: URIRef
    Section: URIRef
    Sentence: URIRef
    Species: URIRef
    SpeciesProfile: URIRef
    SpeciesSection: URIRef
    Statement: URIRef
    SubItem: URIRef
    TextSpan: URIRef
    Theme: URIRef
    Threat: URIRef
    ToolOrPractice: URIRef

    # properties
    aboutSpecies: URIRef
    activityCode: URIRef
    appendix: URIRef
    appliesTo: URIRef
    assessedActivity: URIRef
    assessedSection: URIRef
    commonName: URIRef
    convention: URIRef
    conventionName: URIRef
    describedIn: URIRef
    end: URIRef
    entityType: URIRef
    evidenceParagraph: URIRef
    evidenceSentence: URIRef
    evidenceSpan: URIRef
    externalReference: URIRef
    hasAssessment: URIRef
    hasParagraph: URIRef
    hasSentence: URIRef
    headingSpan: URIRef
    inCountry: URIRef
    inParagraph: URIRef
    inSection: URIRef
    inSentence: URIRef
    iso3166Alpha3: URIRef
    listing: URIRef
    location: URIRef
    lowerBound: URIRef
    meetingCountry: URIRef
    meetingEndDate: URIRef
    meetingName: URIRef
    meetingPlace: URIRef
    meetingStartDate: URIRef
    object: URIRef
    occursIn: URIRef
    order: URIRef
    otherScientificNameAsWritten: URIRef
    paragraphNumber: URIRef
    parentActivity: URIRef
    partKind: URIRef
    participatesIn: URIRef
    period: URIRef
    polarity: URIRef
    populationEstimate: URIRef
    predicate: URIRef
    preparedBy: URIRef
    preparedByName: URIRef
    profileParagraph: URIRef
    rank: URIRef
    rating: URIRef
    ratingAsWritten: URIRef
    ratingLabel: URIRef
    ratingScope: URIRef
    ratingSpan: URIRef
    redListCategory: URIRef
    redListEvidence: URIRef
    redListParagraph: URIRef
    relatedActivity: URIRef
    relatedTo: URIRef
    remark: URIRef
    reportedIn: URIRef
    reportingCountry: URIRef
    reviews: URIRef
    scientificName: URIRef
    scientificNameAsWritten: URIRef
    scopedFormOf: URIRef
    seeAlsoActivity: URIRef
    seeAlsoParagraph: URIRef
    seeAlsoText: URIRef
    sentenceIndex: URIRef
    sourceSha256: URIRef
    start: URIRef
    subItem: URIRef
    subItemLabel: URIRef
    subject: URIRef
    supports: URIRef
    text: URIRef
    theme: URIRef
    themeLabel: URIRef
    threatenedBy: URIRef
    upperBound: URIRef
    usesPractice: URIRef
    valueAsWritten: URIRef
    where: URIRef
    yearAsWritten: URIRef
