"""A fixed, hand-built set of returns for the programme manager's analysis, and what it must
give, counted by hand (the working is in the comments). KRH sends July and August, RUH
August, ABUHB an August return of content version 1 (no learning sheets). Codes and
people are made up."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime

from coordinator_app.export.verify.bundle import AcceptedReturn
from coordinator_app.export.xlsx_book import Book, Value

MADE = datetime(2026, 9, 10, 9, 0, tzinfo=UTC)
N = "not in the returns"
Rows = list[Sequence[Value]]


def _book(sheets: dict[str, tuple[Sequence[str], Rows]]) -> bytes:
    out = io.BytesIO()
    with Book(out, created=MADE, forbidden="refuse", remedy="") as book:
        for name, (header, rows) in sheets.items():
            book.add_sheet(name, header, rows)
    return out.getvalue()


def _summary(totals: dict[str, int]) -> tuple[Sequence[str], Rows]:
    return ("Key", "Figure", "Value", "Unit"), [(k, k, v, "") for k, v in totals.items()]


def _milestones(*pathways: str) -> tuple[Sequence[str], Rows]:
    return (
        ("Code", "Pathway", "Milestone", "Achieved"),
        [(f"X-{n}", p, "A step", date(2026, 8, 1)) for n, p in enumerate(pathways)],
    )


def _outcomes(*kinds: str) -> tuple[Sequence[str], Rows]:
    return ("Code", "Outcome", "Start"), [
        (f"X-{n}", k, date(2026, 8, 1)) for n, k in enumerate(kinds)
    ]


def _reviews(*rows: tuple[str, date, int | None, int | None]) -> tuple[Sequence[str], Rows]:
    header = ("Code", "Date", "Confidence", "English", "Belonging", "Career clarity")
    return header, [(code, day, conf, eng, None, None) for code, day, conf, eng in rows]


def _learning(
    kinds: Rows, referrals: Rows, follow_ups: Rows, barriers: Rows = (), journeys: Rows = ()
) -> dict[str, tuple[Sequence[str], Rows]]:
    return {
        "Barriers": (
            ("Code", "Barrier", "Identified", "Resolved", "Open at period end"),
            list(barriers),
        ),
        "Journeys": (
            ("Code", "Referral source", "Enquiry", "First shift", "Days to first shift"),
            list(journeys),
        ),
        "Barriers by kind": (
            ("Barrier", "Identified", "Resolved", "Open at period end"),
            list(kinds),
        ),
        "Referral sources": (
            ("Referral source", "Volunteers", "Enquiries in period"),
            list(referrals),
        ),
        "Follow-up results": (("Months after", "Result", "Reason", "Follow-ups"), list(follow_ups)),
    }


J, A = date(2026, 7, 3), date(2026, 8, 20)
TOTALS = {
    ("KRH", 1): {
        "volunteers_included": 30, "volunteers_new": 6, "shifts_attended": 100,
        "service_minutes": 6000, "training_minutes": 600, "barriers_open": 12,
    },
    ("KRH", 2): {
        "volunteers_included": 32, "volunteers_new": 2, "shifts_attended": 120,
        "service_minutes": 7200, "training_minutes": 0, "barriers_open": 10,
    },
    ("RUH", 1): {
        "volunteers_included": 12, "volunteers_new": 3, "shifts_attended": 40,
        "service_minutes": 2400, "training_minutes": 120, "barriers_open": 4,
    },
    ("ABUHB", 1): {
        "volunteers_included": 9, "volunteers_new": 4, "shifts_attended": 15,
        "service_minutes": 600, "training_minutes": 0,
    },
}  # fmt: skip
# KRH confidence, first -> latest: A 2->4, B 3->3, C 1->2, D 2->5, E 4->4, F 3->4;
# English A 3->4, B 2->2. RUH: G 1->3 (English 2->3), H 2->3; I rated once.
KRH_RATINGS = {"A": (2, 4, 3, 4), "B": (3, 3, 2, 2), "C": (1, 2, None, None)}
KRH_RATINGS |= {"D": (2, 5, None, None), "E": (4, 4, None, None), "F": (3, 4, None, None)}


def _krh(day: date, which: int) -> tuple[Sequence[str], Rows]:
    return _reviews(*[(f"KRH-{p}", day, r[which], r[2 + which]) for p, r in KRH_RATINGS.items()])


RESOLVED_BARRIERS: Rows = [
    ("KRH-1", "English language", "2026-05", "2026-07", "no"),  # 2 months
    ("KRH-2", "English language", "2026-07", "2026-07", "no"),  # 0
    *[(f"KRH-3{n}", "English language", "2026-07", "2026-08", "no") for n in range(5)],  # 1 x5
    ("KRH-4", "Housing insecurity", "2026-01", "2026-08", "no"),  # 7 months
    ("KRH-5", "Housing insecurity", "2026-08", None, "yes"),  # open
    ("KRH-6", "English language", "2026-03", "2026-06", "no"),  # resolved before July
]
KRH_JOURNEYS: Rows = [
    (f"KRH-J{n}", "Self-referral", "2026-06", month, days)
    for n, (month, days) in enumerate(
        [
            ("2026-07", 3),
            ("2026-07", 10),
            ("2026-08", 5),
            ("2026-08", 30),
            ("2026-08", 60),
            ("2026-08", 100),
            ("2026-08", 2),
            ("2026-06", 4),
            (None, None),
        ]
    )
]


def workbooks() -> dict[tuple[str, int], bytes]:
    return {
        ("KRH", 1): _book(
            {
                "Summary": _summary(TOTALS[("KRH", 1)]),
                "Milestones": _milestones(
                    *["Healthcare support worker"] * 6, "Further study", "Further study"
                ),
                "Outcomes": _outcomes("Paid job", "Paid job", "Paid job"),
                "Reviews": _krh(J, 0),
                **_learning(
                    [("English language", 7, 2, 0), ("Housing insecurity", 1, 0, 0)],
                    [("Self-referral", 9, 4), ("Job Centre", 3, 2)],
                    [(6, "In post", None, 3), (6, "Left", "Moved away", 1)],
                ),
            }
        ),
        ("KRH", 2): _book(
            {
                "Summary": _summary(TOTALS[("KRH", 2)]),
                "Milestones": _milestones(*["Healthcare support worker"] * 4, "Pharmacist (GPhC)"),
                "Outcomes": _outcomes("Paid job", "Paid job", "Training"),
                "Reviews": _krh(A, 1),
                **_learning(
                    [("English language", 2, 6, 0), ("Housing insecurity", 0, 1, 0)],
                    [("Self-referral", 9, 1), ("Job Centre", 3, 1)],
                    [(6, "In post", None, 2), (12, "In post", None, 4), (12, "In post", "x", 2)],
                    RESOLVED_BARRIERS,
                    KRH_JOURNEYS,
                ),
            }
        ),
        ("RUH", 1): _book(
            {
                "Summary": _summary(TOTALS[("RUH", 1)]),
                "Milestones": _milestones(
                    *["Healthcare support worker"] * 2, *["Pharmacist (GPhC)"] * 5
                ),
                "Outcomes": _outcomes("Paid job"),
                "Reviews": _reviews(
                    ("RUH-G", date(2026, 8, 2), 1, 2),
                    ("RUH-G", date(2026, 8, 30), 3, 3),
                    ("RUH-H", date(2026, 8, 3), 2, None),
                    ("RUH-H", date(2026, 8, 29), 3, None),
                    ("RUH-I", date(2026, 8, 29), 5, 5),
                ),
                **_learning(
                    [("English language", 3, 1, 0), ("Housing insecurity", 6, 0, 0)],
                    [("Self-referral", 4, 2), ("Refugee charity", 5, 5)],
                    [(6, "In post", None, 2), (6, "In study", None, 1)],
                    [
                        ("RUH-1", "English language", "2026-08", "2026-08", "no"),  # 0
                        ("RUH-2", "Housing insecurity", "2026-04", "2026-08", "no"),  # 4
                    ],
                    [
                        ("RUH-J1", "Refugee charity", "2026-08", "2026-08", 1),
                        ("RUH-J2", "Self-referral", "2026-07", "2026-08", 40),
                    ],
                ),
            }
        ),
        ("ABUHB", 1): _book(
            {  # content version 1: no learning sheets, barriers without months
                "Summary": _summary(TOTALS[("ABUHB", 1)]),
                "Milestones": _milestones(*["Healthcare support worker"] * 3),
                "Outcomes": _outcomes(),
                "Reviews": _reviews(),
                "Barriers": (("Code", "Barrier"), [("ABUHB-1", "English language")]),
            }
        ),
    }


def accepted() -> list[AcceptedReturn]:
    periods = {("KRH", 1): "2026-07", ("KRH", 2): "2026-08", ("RUH", 1): "2026-08"}
    periods[("ABUHB", 1)] = "2026-08"
    return [
        AcceptedReturn(
            trust=trust,
            sequence=sequence,
            period_label=period,
            manifest_sha256=f"{trust}-{sequence}".ljust(64, "0"),
            created_at=MADE,
            key_id="k",
            file_name=f"rvc-return_{trust}_{period}_{sequence:04d}.zip",
            totals=TOTALS[(trust, sequence)],
            supersedes=None,
            missing_before=None,
        )
        for (trust, sequence), period in periods.items()
    ]


# Columns: ABUHB, KRH, RUH (trusts in code order), then the programme.
EXPECTED: dict[str, list[tuple[str, list[str]]]] = {
    "activity": [  # never suppressed: returns, months, shifts and hours
        ("Returns in force", ["1", "2", "1", "4"]),
        ("Of them, with the learning figures", ["0", "2", "1", "3"]),
        ("Months of returns", ["1", "2", "1", "4"]),
        ("Shifts attended", ["15", "220", "40", "275"]),
        ("Hours on wards and departments", ["10", "220", "40", "270"]),
        ("Hours of training and workshops", ["0", "10", "2", "12"]),
    ],
    "people": [  # RUH's 4 open barriers is <5; with the total shown, KRH's 10 is hidden too
        ("Volunteers in the latest return", ["9", "32", "12", "53"]),
        ("Volunteers who joined in the period covered", ["<5", "8", "<5", "15"]),
        ("Barriers still open at the latest period's end", [N, "*", "<5", "14"]),
    ],
    # Identified: English KRH 7+2=9, RUH 3; Housing KRH 1, RUH 6. RUH English <5 -> KRH's 9
    # hidden (row); KRH Housing <5 -> RUH's 6 hidden (row). Columns then hide two each.
    "barriers_identified": [
        ("English language", [N, "*", "<5", "12"]),
        ("Housing insecurity", [N, "<5", "*", "7"]),
        ("All barriers identified", [N, "10", "9", "19"]),
    ],
    # Resolved: English KRH 2+6=8, RUH 1; Housing KRH 1, RUH 0 (programme 1). Row English
    # hides KRH 8; total row (RUH 1) hides KRH 9; programme column (Housing 1) hides 9.
    "barriers_resolved": [
        ("English language", [N, "*", "<5", "*"]),
        ("Housing insecurity", [N, "<5", "0", "<5"]),
        ("All barriers resolved", [N, "*", "<5", "10"]),
    ],
    # KRH months taken [2, 0, 1x5, 7] (one resolved in June, outside): 1, 5, 1, 0, 1 = 8;
    # RUH [0, 4]: 1, 0, 0, 1, 0 = 2. Pooled median_low of [0,0,1,1,1,1,1,2,4,7] = 1.
    "time_to_resolve": [
        ("Within the month identified", [N, "<5", "<5", "<5"]),
        ("1 month", [N, "5", "0", "5"]),
        ("2 to 3 months", [N, "<5", "0", "<5"]),
        ("4 to 6 months", [N, "0", "<5", "<5"]),
        ("7 months or more", [N, "<5", "0", "<5"]),
        ("All barriers resolved (from the latest return)", [N, "*", "<5", "10"]),
        ("Median months to resolve", [N, "*", "*", "1"]),
    ],
    # HCSW 3/10/2 = 15, Pharmacist 0/1/5 = 6, Further study 0/2/0 = 2; totals 3/13/7 = 23.
    "milestones": [
        ("Healthcare support worker", ["<5", "10", "<5", "15"]),
        ("Pharmacist (GPhC)", ["0", "<5", "*", "*"]),
        ("Further study", ["0", "<5", "0", "<5"]),
        ("All milestones", ["<5", "13", "*", "23"]),
    ],
    # Paid job 0/5/1 = 6, Training 0/1/0 = 1.
    "outcomes": [
        ("Paid job", ["0", "*", "<5", "*"]),
        ("Training", ["0", "<5", "0", "<5"]),
        ("All outcomes", ["0", "*", "<5", "7"]),
    ],
    # 6 months: in post KRH 3+2=5, RUH 2; in study RUH 1; left KRH 1.
    "lasted_6": [
        ("Lasted: in post", [N, "*", "<5", "7"]),
        ("Lasted: in study", [N, "0", "<5", "<5"]),
        ("Did not last: left", [N, "<5", "0", "<5"]),
        ("All 6-month follow-ups", [N, "*", "<5", "9"]),
    ],
    "lasted_12": [
        ("Lasted: in post", [N, "6", "0", "6"]),
        ("Lasted: in study", [N, "0", "0", "0"]),
        ("Did not last: left", [N, "0", "0", "0"]),
        ("All 12-month follow-ups", [N, "6", "0", "6"]),
    ],
    # Confidence: KRH 6 people, RUH 2 (G, H; I once) = 8: firsts 15+3 = 18/8 = 2.25,
    # latest 22+6 = 28/8 = 3.50. English: KRH 2, RUH 1 = 3, all hidden.
    "distance": [
        ("Confidence: people rated twice or more", ["0", "*", "<5", "8"]),
        ("English: people rated twice or more", ["0", "<5", "<5", "<5"]),
        ("Belonging: people rated twice or more", ["0", "0", "0", "0"]),
        ("Career clarity: people rated twice or more", ["0", "0", "0", "0"]),
        ("Confidence: first rating (average)", ["–", "*", "*", "2.25"]),
        ("Confidence: latest rating (average)", ["–", "*", "*", "3.50"]),
        ("English: first rating (average)", ["–", "*", "*", "*"]),
        ("English: latest rating (average)", ["–", "*", "*", "*"]),
        ("Belonging: first rating (average)", ["–", "–", "–", "–"]),
        ("Belonging: latest rating (average)", ["–", "–", "–", "–"]),
        ("Career clarity: first rating (average)", ["–", "–", "–", "–"]),
        ("Career clarity: latest rating (average)", ["–", "–", "–", "–"]),
    ],
    # Self-referral 4+1=5 / 2, Refugee charity 0 / 5, Job Centre 2+1=3 / 0.
    "referrals": [
        ("Self-referral", [N, "*", "<5", "7"]),
        ("Refugee charity", [N, "0", "*", "*"]),
        ("Job Centre", [N, "<5", "0", "<5"]),
        ("All enquiries", [N, "8", "7", "15"]),
    ],
    # KRH days [3, 10, 5, 30, 60, 100, 2] (June's and none left out): 3, 1, 1, 1, 1 = 7;
    # RUH [1, 40]: 1, 0, 1, 0, 0 = 2. Pooled median_low of 9 values = 10.
    "first_shift": [
        ("0 to 7 days", [N, "<5", "<5", "<5"]),
        ("8 to 28 days", [N, "<5", "0", "<5"]),
        ("29 to 56 days", [N, "<5", "<5", "<5"]),
        ("57 to 91 days", [N, "<5", "0", "<5"]),
        ("92 days or more", [N, "<5", "0", "<5"]),
        ("All first shifts in the months covered", [N, "*", "<5", "9"]),
        ("Median days to a first shift", [N, "*", "*", "10"]),
    ],
}
