"""Deterministic synthetic stores for benchmarks: records of the same schema and a realistic
shape (titles, summaries, people, places, sources), generated from a seed.

    python benchmarks/synthetic.py 100000 benchmarks/out/store-100000.json
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from pacli.storage.writes import store_bytes

MEMBERS = ["Chile", "Colombia", "Mexico", "Peru"]
PARTNERS = [
    "Singapore",
    "South Korea",
    "Canada",
    "Japan",
    "Australia",
    "New Zealand",
    "Spain",
    "Germany",
    "France",
    "United States",
    "India",
    "Ecuador",
    "Costa Rica",
    "Panama",
]
CITIES = {
    "Chile": "Santiago",
    "Colombia": "Bogotá",
    "Mexico": "Mexico City",
    "Peru": "Lima",
    "Singapore": "Singapore",
    "South Korea": "Seoul",
    "Canada": "Ottawa",
    "Japan": "Tokyo",
    "Australia": "Canberra",
    "New Zealand": "Wellington",
    "Spain": "Madrid",
    "Germany": "Berlin",
    "France": "Paris",
    "United States": "Washington",
    "India": "New Delhi",
    "Ecuador": "Quito",
    "Costa Rica": "San José",
    "Panama": "Panama City",
}
TOPICS = [
    "trade",
    "finance",
    "education",
    "gender",
    "culture",
    "labor",
    "digital",
    "environment",
    "diplomacy",
    "cooperation",
    "economy",
    "membership",
    "film",
    "anniversary",
]
EVENT_KINDS = ["meeting", "forum", "summit", "seminar", "roundtable", "workshop", "dialogue"]
AGREEMENT_KINDS = ["declaration", "work plan", "memorandum", "agreement", "roadmap", "strategy"]
PROGRAM_KINDS = ["program", "network", "project", "fund", "film cycle", "scholarship scheme"]
SUBJECTS = [
    "digital trade",
    "small and medium-sized enterprises",
    "renewable energy",
    "financial inclusion",
    "teacher training",
    "labor mobility",
    "tourism promotion",
    "climate finance",
    "women entrepreneurs",
    "customs cooperation",
    "fisheries",
    "mining and sustainability",
    "capital markets",
    "cultural industries",
    "public health",
    "innovation and technology",
    "disaster risk",
    "indigenous peoples",
]
FIRST = [
    "Ana",
    "Carlos",
    "María",
    "José",
    "Lucía",
    "Pedro",
    "Sofía",
    "Diego",
    "Valentina",
    "Jorge",
    "Camila",
    "Andrés",
    "Isabel",
    "Ricardo",
    "Paula",
    "Min-jun",
    "Akira",
    "Emma",
]
LAST = [
    "García",
    "Rodríguez",
    "López",
    "Martínez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Torres",
    "Ramírez",
    "Flores",
    "Rojas",
    "Vargas",
    "Kim",
    "Tanaka",
    "Smith",
    "Silva",
    "Castro",
]
ROLES = [
    "Minister of Foreign Affairs",
    "Minister of Trade",
    "Vice Minister of Economy",
    "Ambassador",
    "Director of International Cooperation",
    "Finance Minister",
    "Coordinator of the Technical Group",
    "President pro tempore",
]
ORGS = [
    "Inter-American Development Bank (IDB)",
    "Fundación Chile",
    "ChileValora",
    "Organisation for Economic Co-operation and Development (OECD)",
    "EUROsociAL+",
    "Colleges and Institutes Canada (CICan)",
    "Council of Finance Ministers",
    "Technical Group on Culture",
    "Pacific Alliance Cooperation Fund",
    "ProColombia",
    "PromPerú",
    "ProChile",
    "Global Affairs Canada",
    "UNESCO",
    "Scotiabank",
]
VERBS = [
    "discussed",
    "agreed on",
    "reviewed progress on",
    "launched work on",
    "presented",
    "signed commitments on",
    "set priorities for",
]


def _date(rng: random.Random) -> tuple[str, str | None]:
    year = rng.randint(2011, 2026)
    precision = rng.random()
    if precision < 0.1:
        return f"{year}", None
    month = rng.randint(1, 12)
    if precision < 0.25:
        return f"{year}-{month:02d}", None
    day = rng.randint(1, 28)
    if rng.random() < 0.1:
        end_month = min(12, month + rng.randint(0, 2))
        return f"{year}-{month:02d}-{day:02d}", f"{year}-{end_month:02d}-28"
    return f"{year}-{month:02d}-{day:02d}", None


def make_record(number: int, rng: random.Random) -> dict[str, Any]:
    record_type = rng.choice(["event", "event", "agreement", "program"])
    kinds = {"event": EVENT_KINDS, "agreement": AGREEMENT_KINDS, "program": PROGRAM_KINDS}
    kind = rng.choice(kinds[record_type])
    subject = rng.choice(SUBJECTS)
    partners = rng.sample(PARTNERS, rng.choice([0, 0, 1, 1, 2]))
    members = MEMBERS if rng.random() < 0.5 else rng.sample(MEMBERS, rng.randint(1, 3))
    countries = [*sorted(members, key=MEMBERS.index), *partners]
    host = rng.choice(countries)
    date, end_date = _date(rng)
    partner_text = f" with {' and '.join(partners)}" if partners else ""
    title = f"{kind.capitalize()} on {subject}{partner_text}"
    people = [
        {
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "role": rng.choice(ROLES),
            "country": rng.choice(countries),
        }
        for _ in range(rng.randint(0, 3))
    ]
    organizations = rng.sample(ORGS, rng.randint(0, 3))
    summary = (
        f"Representatives of {', '.join(countries)} {rng.choice(VERBS)} {subject} in "
        f"{CITIES[host]}. The {kind} drew {rng.randint(20, 400)} participants and set "
        f"{rng.randint(2, 9)} follow-up actions on {rng.choice(SUBJECTS)}."
    )
    details = [
        f"Priority {index + 1}: {rng.choice(SUBJECTS)} and {rng.choice(SUBJECTS)}."
        for index in range(rng.randint(0, 4))
    ]
    return {
        "id": f"{date}-synthetic-{number:06d}",
        "type": record_type,
        "title": title,
        "date": date,
        "end_date": end_date,
        "date_basis": "dateline" if len(date) == 10 else "stated",
        "date_note": None,
        "countries": countries,
        "places": [CITIES[host]],
        "people": people,
        "organizations": organizations,
        "tags": sorted(rng.sample(TOPICS, rng.randint(1, 3))),
        "summary": summary,
        "details": details,
        "source": {
            "title": f"Pacific Alliance news: {title}",
            "published": date if len(date) == 10 else None,
            "url": f"https://example.org/news/{number}",
            "quote": f"{summary.split('.')[0]}.",
        },
        "related": [],
    }


def write_synthetic_store(count: int, path: Path, seed: int = 2022) -> Path:
    """A store of `count` records, the same for the same count and seed."""
    rng = random.Random(seed)
    table = {str(number + 1): make_record(number, rng) for number in range(count)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(store_bytes({"records": table}))  # as pacli writes a store
    return path


if __name__ == "__main__":
    write_synthetic_store(int(sys.argv[1]), Path(sys.argv[2]))
