"""Entity mentions: the gazetteer (aliases, longest match, acronyms) and polarity per clause."""

from __future__ import annotations

V = "https://w3id.org/cami-kg/vocab/"


def _report(parse, *sentences):
    body = "\n\n".join(f"{n}. {s}" for n, s in enumerate(sentences, start=1))
    return parse(
        f"Review of the implementation of the CAMI POW (2021-2025)\n\nCommunity engagement\n\n{body}\n"
    )


def _countries(report, paragraph=1):
    return [
        (m.surface, m.negated)
        for m in report.mentions
        if m.paragraph == paragraph and m.entity_type == "https://w3id.org/cami-kg/ontology#Country"
    ]


def _mentions(report):
    return [(m.surface, m.concept) for m in report.mentions]


def test_countries_in_a_negated_clause_are_negated(parse):
    report = _report(
        parse,
        "Uzbekistan and Kazakhstan have not yet reported formal community ranger incentive schemes, "
        "although both countries recognize the value of public engagement in wildlife protection.",
    )
    assert _countries(report) == [("Uzbekistan", True), ("Kazakhstan", True)]


def test_contrast_without_negation_keeps_all_positive(parse):
    report = _report(
        parse,
        "Mongolia, Kazakhstan, Pakistan and Uzbekistan have introduced SMART across several protected "
        "areas while Kyrgyzstan and Turkmenistan have taken steps further by institutionalizing the use "
        "of it.",
    )
    assert _countries(report) == [
        ("Mongolia", False), ("Kazakhstan", False), ("Pakistan", False), ("Uzbekistan", False),
        ("Kyrgyzstan", False), ("Turkmenistan", False),
    ]  # fmt: skip


def test_country_that_lacks_something_is_negated(parse):
    report = _report(
        parse,
        "In contrast, Pakistan and some other countries lack formal cybercrime response units specific "
        "to wildlife.",
    )
    assert _countries(report) == [("Pakistan", True)]


def test_country_doing_something_but_lacking_another_stays_positive(parse):
    report = _report(
        parse,
        "Turkmenistan promotes environmental awareness but has no formal community conservation "
        "structures in place.",
    )
    assert _countries(report) == [("Turkmenistan", False)]


def test_not_only_is_no_negation(parse):
    report = _report(parse, "Mongolia has not only trained rangers but also equipped them with GPS units.")
    assert _countries(report) == [("Mongolia", False)]


def test_mention_offsets_and_sentence(parse):
    report = _report(parse, "Rangers patrol the border. Kazakhstan has trained them.")
    (mention,) = [m for m in report.mentions if m.surface == "Kazakhstan"]
    assert report.source[mention.start : mention.end] == "Kazakhstan"
    assert (mention.concept, mention.paragraph, mention.sentence) == (V + "country/KZ", 1, 2)


def test_species_aliases(parse):
    report = _report(
        parse,
        "The kulan, the khulan and the onager are one species. The takhi returned to Kazakhstan. "
        "The dzeren migrates across the steppe. The Mazaalai lives in the Gobi.",
    )
    species = [(m.surface, m.concept) for m in report.mentions if m.concept.startswith(V + "species/")]
    assert species == [
        ("kulan", V + "species/asiatic-wild-ass"),
        ("khulan", V + "species/asiatic-wild-ass"),
        ("onager", V + "species/asiatic-wild-ass"),
        ("takhi", V + "species/przewalskis-horse"),
        ("dzeren", V + "species/mongolian-gazelle"),
        ("Mazaalai", V + "species/gobi-bear"),
    ]


def test_species_name_holding_a_country_name_is_only_the_species(parse):
    report = _report(parse, "The Mongolian Gazelle is counted every year.")
    assert _mentions(report) == [("Mongolian Gazelle", V + "species/mongolian-gazelle")]
    assert not any(m.concept == V + "country/MN" for m in report.mentions)


def test_acronyms_match_only_in_capitals(parse):
    report = _report(parse, "Rangers carry smart phones. Kazakhstan uses SMART in all protected areas.")
    smart = [(m.surface, m.sentence) for m in report.mentions if m.concept == V + "practice/smart"]
    assert smart == [("SMART", 2)]


def test_anti_poaching_is_no_mention_of_poaching(parse):
    report = _report(parse, "Anti-poaching units patrol the border. Poaching remains the main threat.")
    poaching = [(m.surface, m.sentence) for m in report.mentions if m.concept == V + "threat/poaching"]
    assert poaching == [("Poaching", 2)]


def test_countries_outside_the_range_states(parse):
    report = _report(
        parse, "The Asiatic Cheetah survives only in Iran, while China and Afghanistan host other carnivores."
    )
    assert _countries(report) == [("Iran", False), ("China", False), ("Afghanistan", False)]
    assert [m.concept for m in report.mentions if m.surface in {"Iran", "China", "Afghanistan"}] == [
        V + "country/IR", V + "country/CN", V + "country/AF",
    ]  # fmt: skip
