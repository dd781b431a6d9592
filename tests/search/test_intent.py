"""Intent recognition from the wording of questions (no model needed)."""

from __future__ import annotations

import pytest

from search.answer import detect_intent

CASES = [
    ("Which countries use SMART?", False, "which_countries"),
    ("What countries have adopted camera traps?", False, "which_countries"),
    ("In which country do rangers have the power to arrest poachers?", False, "which_countries"),
    ("Which two neighbours wrote a joint monitoring manual?", False, "which_countries"),
    ("Which countries have not reported any vaccination programmes?", False, "negation"),
    ("Which countries lack a formal cybercrime unit?", False, "negation"),
    ("Which range states don't celebrate Saiga Day?", False, "negation"),
    ("What is the implementation status of activity 2.5?", False, "status"),
    ("How far has activity 4.9 progressed?", False, "status"),
    ("What rating did the action on feral dogs receive?", False, "status"),
    ("Which Przewalski's horse activities were not achieved?", True, "activity_set"),
    ("Which activities of the Funding theme are rated Minimally achieved?", False, "activity_set"),
    ("What is the IUCN status of the Urial?", True, "species_fact"),
    ("On which CITES appendix is the wild camel?", True, "species_fact"),
    ("What is the Latin name of the saiga?", True, "species_fact"),
    ("Where is the Gobi bear population confined?", True, "species_fact"),
    ("Which species is known locally as the takhi?", True, "species_fact"),
    ("How many wildlife passages did Kazakhstan build by 2024?", False, "number_fact"),
    ("What percentage of hunting revenue goes to communities?", False, "number_fact"),
    ("In what year did Turkmenistan join CITES?", False, "number_fact"),
    ("Which organizations supported the wildlife passages?", False, "who_what"),
    ("What gadgets keep carnivores away from livestock?", False, "who_what"),
    ("Tell me something nice", False, "passages"),
]


@pytest.mark.parametrize(("question", "has_species", "intent"), CASES)
def test_intent(question: str, has_species: bool, intent: str):
    assert detect_intent(question, has_species) == intent
