"""Generated, clearly fictional volunteers for demo vaults, tests and benchmarks: names
from languages refugees in the UK speak, phone numbers only from Ofcom's ranges reserved
for drama (never a real line), emails at example.org (reserved, never delivered)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from coordinator_app.domain import choices, immigration, onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import Consent, LanguageSkill, VolunteerDetails
from coordinator_app.services.demo.demo_trust import TrustProfile

# (language, given names, family names)
_NAME_POOLS = (
    (
        "Arabic",
        ("Ahmad", "Omar", "Yousef", "Khaled", "Rana", "Lina", "Huda", "Samir", "Nour", "Rami"),
        ("Haddad", "Khalil", "Nasser", "Darwish", "Saleh", "Mansour", "Aziz", "Hamdan"),
    ),
    (
        "Dari",
        ("Farid", "Zahra", "Mahbooba", "Habib", "Wahid", "Parwana", "Sohail", "Freshta"),
        ("Ahmadzai", "Karimi", "Noori", "Rahimi", "Sultani", "Hakimi", "Azizi"),
    ),
    (
        "Pashto",
        ("Gul", "Zarmina", "Naqib", "Shabnam", "Rahmat", "Palwasha"),
        ("Khan", "Yusufzai", "Shinwari", "Durrani", "Mohmand"),
    ),
    (
        "Farsi",
        ("Reza", "Maryam", "Arash", "Shirin", "Dariush", "Leila", "Kian", "Niloufar"),
        ("Mohammadi", "Hosseini", "Tehrani", "Jafari", "Moradi", "Sadeghi"),
    ),
    (
        "Ukrainian",
        ("Olena", "Oksana", "Andriy", "Taras", "Iryna", "Mykola", "Yulia", "Bohdan"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko", "Kravets"),
    ),
    (
        "Tigrinya",
        ("Tesfay", "Selam", "Yonas", "Helen", "Berhane", "Senait", "Dawit", "Mebrat"),
        ("Gebremedhin", "Tesfamariam", "Haile", "Kidane", "Woldu", "Habte"),
    ),
    (
        "Kurdish",
        ("Rebin", "Shilan", "Dilan", "Karwan", "Avin", "Hezha"),
        ("Barzani", "Rashid", "Aziz", "Hawrami", "Salih"),
    ),
    (
        "Somali",
        ("Abdi", "Hodan", "Fartun", "Mahad", "Ifrah", "Guled", "Sahra"),
        ("Warsame", "Farah", "Jama", "Hirsi", "Osman", "Abdullahi"),
    ),
    (
        "Urdu",
        ("Ayesha", "Bilal", "Sana", "Imran", "Hina", "Usman"),
        ("Qureshi", "Chaudhry", "Malik", "Siddiqui", "Butt"),
    ),
    (
        "Turkish",
        ("Emre", "Elif", "Mehmet", "Zeynep", "Can", "Ayşe"),
        ("Yılmaz", "Demir", "Şahin", "Çelik", "Aydın"),
    ),
    (
        "Amharic",
        ("Abebe", "Meseret", "Tigist", "Dereje", "Hanna", "Bereket"),
        ("Tadesse", "Bekele", "Alemu", "Girma", "Mekonnen"),
    ),
)
_DRAMA_PREFIXES = (
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0141 496 0",
    "0151 496 0",
    "0161 496 0",
    "0191 498 0",
    "029 2018 0",
    "028 9649 6",
)
_STATUS_WEIGHTS = (
    ("refugee", 30),
    ("humanitarian_protection", 6),
    ("resettlement", 10),
    ("ukraine_scheme", 14),
    ("other_leave", 4),
    ("settled", 6),
    ("asylum_seeker", 20),
    ("asylum_seeker_ptw", 4),
    ("not_known", 6),
)
_STATE_WEIGHTS = (("enquiry", 10), ("onboarding", 25), ("active", 45), ("paused", 8), ("left", 12))
_DISTRICTS = ("BA1", "BA2", "BA14", "KT1", "KT2", "TW9", "NP20", "NP19", "L8", "L7", "CH41", "CH2")
_COUNTRIES = ("Syria", "Afghanistan", "Iran", "Ukraine", "Eritrea", "Sudan", "Iraq", "Somalia")


def drama_phone(index: int) -> str:
    """The ``index``-th of 14,000 numbers Ofcom reserves for fiction (those ranges that the
    phone number library also accepts as valid)."""
    prefix = _DRAMA_PREFIXES[index // 1000 % len(_DRAMA_PREFIXES)]
    return f"{prefix}{index % 1000:03d}"


def person(
    rng: random.Random, index: int, today: date, profile: TrustProfile | None = None
) -> tuple[VolunteerDetails, list[CheckRecord]]:
    """A generated volunteer; ``profile`` weights their barriers and referral source as at
    that trust (without one, every choice is equally likely)."""
    language, givens, families = rng.choice(_NAME_POOLS)
    given, family = rng.choice(givens), rng.choice(families)
    status = rng.choices([s for s, _ in _STATUS_WEIGHTS], [w for _, w in _STATUS_WEIGHTS])[0]
    state = rng.choices([s for s, _ in _STATE_WEIGHTS], [w for _, w in _STATE_WEIGHTS])[0]
    joined = today - timedelta(days=rng.randint(0, 540))
    category = immigration.status_category(status)
    assert category is not None
    time_limited, asylum, may_work = (
        category.time_limited,
        category.asylum_seeker,
        category.may_work,
    )
    profession = rng.choice(choices.professions())
    checked = joined + timedelta(days=rng.randint(0, 30))
    has_evidence = may_work and rng.random() < 0.8 and checked <= today
    role = rng.choice(onboarding.roles())
    english = rng.choice(choices.english_levels()[1:7])
    details = VolunteerDetails(
        given_names=given,
        family_name=family,
        preferred_name=given[:3] if rng.random() < 0.1 else "",
        date_of_birth=date(
            today.year - rng.randint(19, 62), rng.randint(1, 12), rng.randint(1, 28)
        ),
        phone=drama_phone(index) if rng.random() < 0.9 else "",
        email=f"{given.lower()}.{family.lower()}.{index}@example.org".encode(
            "ascii", "ignore"
        ).decode(),
        postcode_district=rng.choice(_DISTRICTS),
        languages=(
            LanguageSkill(language, "Native"),
            LanguageSkill("English", english),
        ),
        english_level=english,
        status=status,
        leave_expires_on=today + timedelta(days=rng.randint(-30, 1500)) if time_limited else None,
        rtw_evidence=rng.choice(("share_code", "employer_checking_service", "document"))
        if has_evidence
        else "",
        rtw_checked_on=checked if has_evidence else None,
        rtw_checked_by="Demo Coordinator" if has_evidence else "",
        reporting_days=(rng.randint(0, 4),) if asylum and rng.random() < 0.6 else (),
        profession=profession,
        country_qualified=rng.choice(_COUNTRIES) if profession not in {"None", "Other"} else "",
        years_experience=rng.randint(0, 25) if profession not in {"None", "Other"} else None,
        goals="Work in the NHS in my profession"
        if rng.random() < 0.5
        else "Improve English and confidence",
        barriers=profile.pick_barriers(rng)
        if profile
        else tuple(sorted({b.key for b in rng.sample(choices.barriers(), rng.randint(0, 3))})),
        referral_source=profile.pick_referral(rng)
        if profile
        else rng.choice(choices.referral_sources()),
        consent_records=Consent(joined),
        consent_sharing=Consent(joined) if rng.random() < 0.9 else Consent(),
        consent_follow_up=Consent(joined) if rng.random() < 0.7 else Consent(),
        state=state,
        left_reason=rng.choice(choices.left_reasons()) if state == "left" else "",
        role=role.key,
        joined_on=joined,
    )
    return details, _checks(rng, role, state, joined, today)


def _checks(
    rng: random.Random, role: onboarding.Role, state: str, joined: date, today: date
) -> list[CheckRecord]:
    share = {"enquiry": 0.0, "onboarding": 0.5}.get(state, 1.0)
    done = role.items[: round(len(role.items) * share)]
    if state == "active" and rng.random() < 0.1:
        done = done[:-1]  # some active volunteers lack a check: the screen flags them
    records = []
    for key in done:
        completed = min(today, joined + timedelta(days=rng.randint(0, 60)))
        if rng.random() < 0.05:
            completed -= timedelta(days=365 * 3)  # a few long-done checks have expired
        records.append(CheckRecord(key, completed, None, ""))
    return records
