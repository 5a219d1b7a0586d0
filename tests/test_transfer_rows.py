"""Records as flat rows of text (CSV and TSV) and back: escaping of list items and people."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pacli.transfer.rows import flatten_record, join_items, split_items, unflatten_row

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
    assert unflatten_row(flatten_record(record)) == {**record, "id": "2023-x"}
