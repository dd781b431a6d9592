"""Write tests/data/cami4-doc2-second-review.md: a later review of the same Programme of Work, derived
from the bundled report (CAMI3/Doc.2) with its meeting, symbol, some ratings and some evidence changed.

It is the fixture of the cross-report tests (which activities changed rating between two reviews, a
country's record across reports). Run from the repository root: python scripts/derive_second_review.py
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "corpus" / "cami3-doc2-overview-report.md"
TARGET = ROOT / "tests" / "data" / "cami4-doc2-second-review.md"

# (paragraph number, rating in the first review, rating in the second)
RATINGS = [
    (112, "Partially achieved", "Achieved"),  # 2.3 SMART
    (116, "Minimally achieved", "Partially achieved"),  # 2.5 information exchange
    (213, "Minimally achieved", "Partially achieved"),
    (268, "Not achieved", "Minimally achieved"),
    (275, "Partially achieved", "Achieved"),  # 7.2 ranger training
    (60, "Partially achieved", "Minimally achieved"),  # 1.1 regressed
    (293, "Minimally achieved", "Not achieved"),  # regressed
]
# (old text, new text): evidence that changed between the reviews
EVIDENCE = [
    (
        "SMART is used by Kazakhstan, Mongolia, Kyrgyzstan, Turkmenistan, Pakistan, and Uzbekistan",
        "SMART is now used by Kazakhstan, Mongolia, Kyrgyzstan, Tajikistan, Turkmenistan, Pakistan, and "
        "Uzbekistan",
    ),
    (
        "In Kazakhstan, Uzbekistan, Tajikistan, and Turkmenistan, there is no reported evidence of "
        "vaccination",
        "Kazakhstan started vaccinating livestock near saiga calving grounds in 2027. In Uzbekistan, "
        "Tajikistan, and Turkmenistan, there is no reported evidence of vaccination",
    ),
]
META = [
    ("THIRD MEETING OF RANGE STATES", "FOURTH MEETING OF RANGE STATES"),
    ("24 – 26 June 2025, Tashkent, Uzbekistan", "10 – 12 May 2028, Ulaanbaatar, Mongolia"),
    ("UNEP/CMS/CAMI3/", "UNEP/CMS/CAMI4/"),
    (
        "Review of the implementation of the CAMI POW (2021-2025)",
        "Review of the implementation of the CAMI POW (2021-2028)",
    ),
]


def derive(text: str) -> str:
    for old, new in META:
        assert old in text, old
        text = text.replace(old, new)
    for number, old, new in RATINGS:
        pattern = re.compile(rf"^(\s*{number}\. )\*{re.escape(old)}\.\*", re.MULTILINE)
        text, n = pattern.subn(rf"\1*{new}.*", text)
        assert n == 1, number
    for old, new in EVIDENCE:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


if __name__ == "__main__":
    TARGET.write_text(derive(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    print(TARGET)
