"""Helpers for tests: records and stores written in TinyDB's format."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE_TEXT = REPO_ROOT.parent / "shared" / "sources" / "pacific-alliance-news-2022.txt"
MEMBERS = ["Chile", "Colombia", "Mexico", "Peru"]


def make_record(record_id: str, **fields: Any) -> dict[str, Any]:
    """A valid user record; `fields` override the defaults."""
    record: dict[str, Any] = {
        "id": record_id,
        "type": "event",
        "title": record_id.replace("-", " ").title(),
        "date": record_id[:10].rstrip("-"),
        "countries": list(MEMBERS),
        "summary": f"Summary of {record_id}.",
    }
    record.update(fields)
    return record


def write_store(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    table = {str(index): record for index, record in enumerate(records, start=1)}
    path.write_text(json.dumps({"records": table}, ensure_ascii=False), encoding="utf-8")
    return path
