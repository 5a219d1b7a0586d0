"""Records as flat rows of text (CSV and TSV) and back: escaping of list items and people."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pacli.transfer.rows import (
    excel_safe,
    flatten_record,
    join_items,
    split_items,
    unflatten_row,
)

ITEM = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12).map(str.strip)


@given(st.lists(ITEM.filter(bool), max_size=6))
def test_joined_items_split_back(items: list[str]) -> None:
    assert split_items(join_items(items)) == items


@given(
    st.lists(
        st.fixed_dictionaries(
            {"name": ITEM.filter(bool), "role": st.none() | ITEM.filter(bool), "country": st.none()}
        ),
        max_size=4,
    ),
    st.lists(ITEM.filter(bool), max_size=4),
)
def test_flattened_records_read_back(people: list[dict[str, Any]], details: list[str]) -> None:
    record = {
        "id": "2023-x",
        "people": people,
        "details": details,
        "source": None,
        "end_date": None,
    }
    # As export writes CSV (spreadsheet-safe), which import reads: a cell that starts with an
    # apostrophe before a formula start loses it on import, as the README says, unless export
    # doubled it (`'\t0` is written `''\t0`).
    cells = {column: excel_safe(cell) for column, cell in flatten_record(record).items()}
    assert unflatten_row(cells) == {**record, "id": "2023-x"}
