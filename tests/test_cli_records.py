"""Growing a knowledge base: where records live, add, edit, remove, import, validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacli.storage.store_file import load_store
from tests.conftest import StoreFactory
from tests.helpers import LIMA_SUMMIT, Invoke, add_lima, make_record

# --- where records live ---------------------------------------------------------------------


# --- add ------------------------------------------------------------------------------------


def test_add_resolves_values_and_prints_the_id(invoke: Invoke, user_store: Path) -> None:
    result = add_lima(invoke, "--person", "Ana Pérez|Minister of Trade|Perú", "--tag", "Diplomacy")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2023-05-02-summit-in-lima\n"
    record = load_store(user_store).by_id["2023-05-02-summit-in-lima"]
    assert record.countries == ("Peru", "Chile")
    assert record.date == "2023-05-02"
    assert record.tags == ("diplomacy",)
    assert record.people[0].country == "Peru" and record.people[0].role == "Minister of Trade"


def test_add_keeps_the_precision_typed(invoke: Invoke, user_store: Path) -> None:
    args = ["--type", "agreement", "--title", "Deal", "--date", "June 2024", "-c", "MX"]
    result = invoke("add", *args, "--summary", "A deal.", "--json")
    assert json.loads(result.stdout)["date"] == "2024-06"


def test_add_makes_ids_unique(invoke: Invoke) -> None:
    first = add_lima(invoke).stdout.strip()
    second = add_lima(invoke).stdout.strip()
    assert (first, second) == ("2023-05-02-summit-in-lima", "2023-05-02-summit-in-lima-2")


def test_add_source_fields(invoke: Invoke, user_store: Path) -> None:
    add_lima(invoke, "--source-title", "Lima news", "--source-url", "https://example.org/a",
        "--source-published", "3 May 2023", "--quote", "They met.")  # fmt: skip
    source = load_store(user_store).records[0].source
    assert source is not None
    assert (source.title, source.url, source.published, source.quote) == (
        "Lima news",
        "https://example.org/a",
        "2023-05-03",
        "They met.",
    )


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--date", "2023-13-01"], ["date: '2023-13-01'"]),
        (["--country", "Narnia"], ["countries: unknown country 'Narnia'"]),
        (["--type", "meeting"], ["type: unknown type 'meeting'"]),
        (["--end-date", "2020"], ["end_date: '2020' is before date"]),
        (["--tag", "two words"], ["tags: 'two words' must be one lowercase word"]),
        (["--related", "nope"], ["no record has id 'nope'"]),
        (["--person", "|Minister"], ["people[0].name: missing"]),
    ],
)
def test_add_refuses_bad_values_and_writes_nothing(
    invoke: Invoke, user_store: Path, args: list[str], fragments: list[str]
) -> None:
    result = add_lima(invoke, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert not user_store.exists()


def test_add_without_required_options_outside_a_terminal(invoke: Invoke, user_store: Path) -> None:
    result = invoke("add", "--title", "Only a title")
    assert result.exit_code == 2
    assert "missing --type, --date, --country, --summary" in result.stderr
    assert not user_store.exists()


def test_add_asks_in_a_terminal(
    invoke: Invoke, user_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pacli.cli.records.in_a_terminal", lambda: True)
    answers = "meeting\nevent\nTalks\n2023-13\n2023-02\nAtlantis, Peru\nPeru, KR\nThey talked.\n"
    result = invoke("add", input=answers)
    assert result.exit_code == 0, result.stderr
    record = load_store(user_store).records[0]
    assert (record.type, record.date, record.countries) == (
        "event",
        "2023-02",
        ("Peru", "South Korea"),
    )


# --- edit and remove ------------------------------------------------------------------------


def test_edit_changes_only_what_is_given(invoke: Invoke, user_store: Path) -> None:
    add_lima(invoke, "--tag", "diplomacy")
    result = invoke(
        "edit", "2023-05-02-summit-in-lima", "--end-date", "3 May 2023", "--tag", "trade"
    )
    assert result.exit_code == 0, result.stderr
    record = load_store(user_store).records[0]
    assert (record.end_date, record.tags, record.title) == (
        "2023-05-03",
        ("trade",),
        "Summit in Lima",
    )
    cleared = invoke("edit", record.id, "--end-date", "")
    assert cleared.exit_code == 0
    assert load_store(user_store).records[0].end_date is None


def test_edit_refuses_bad_values_and_keeps_the_store(invoke: Invoke, user_store: Path) -> None:
    add_lima(invoke)
    before = user_store.read_bytes()
    result = invoke("edit", "2023-05-02-summit-in-lima", "--date", "someday")
    assert result.exit_code == 2
    assert user_store.read_bytes() == before


def test_edit_and_remove_refuse_bundled_records(invoke: Invoke, user_store: Path) -> None:
    for command in (
        ["edit", "2018-strategic-vision-2030", "--title", "x"],
        ["remove", "2018-strategic-vision-2030"],
    ):
        result = invoke(*command)
        assert result.exit_code == 1
        assert "bundled store, which is read-only" in result.stderr
    assert not user_store.exists()


def test_edit_unknown_id(invoke: Invoke) -> None:
    result = invoke("edit", "2099-nothing", "--title", "x")
    assert result.exit_code == 3


def test_edit_needs_a_change(invoke: Invoke) -> None:
    add_lima(invoke)
    assert invoke("edit", "2023-05-02-summit-in-lima").exit_code == 2


def test_remove_drops_the_id_from_related(invoke: Invoke, user_store: Path) -> None:
    add_lima(invoke)
    add_lima(invoke, "--title", "Follow-up", "--related", "2023-05-02-summit-in-lima")
    result = invoke("remove", "2023-05-02-summit-in-lima")
    assert result.exit_code == 0, result.stderr
    assert "2023-05-02-follow-up no longer names 2023-05-02-summit-in-lima" in result.stderr
    store = load_store(user_store)
    assert [record.id for record in store.records] == ["2023-05-02-follow-up"]
    assert store.records[0].related == ()


# --- import ---------------------------------------------------------------------------------


# --- a store that cannot be read is never written over --------------------------------------


# --- validate -------------------------------------------------------------------------------


def test_add_with_a_chosen_id_and_edit_keeps_it(invoke: Invoke, user_store: Path) -> None:
    assert add_lima(invoke, "--id", "2023-my-own-id").stdout == "2023-my-own-id\n"
    taken = add_lima(invoke, "--id", "2023-my-own-id")
    assert taken.exit_code == 2 and "'2023-my-own-id' is already used" in taken.stderr
    assert invoke("edit", "2023-my-own-id", "--title", "Renamed").exit_code == 0
    assert [record.id for record in load_store(user_store).records] == ["2023-my-own-id"]


def test_edit_changes_only_the_source_fields_given(invoke: Invoke, private_user_dirs: Path) -> None:
    assert (
        invoke("add", *LIMA_SUMMIT, "--source-title", "News", "--quote", "They met.").exit_code == 0
    )
    result = invoke("edit", "2023-05-02-lima-summit", "--source-url", "https://example.org/n")
    assert result.exit_code == 0, result.stderr
    source = load_store(private_user_dirs / "data" / "records.json").records[0].source
    assert source is not None
    assert (source.title, source.quote, source.url) == (
        "News",
        "They met.",
        "https://example.org/n",
    )


def test_source_url_must_be_a_web_address(invoke: Invoke) -> None:
    result = invoke("add", *LIMA_SUMMIT, "--source-url", "notaurl")
    assert result.exit_code == 2 and "is not a web address" in result.stderr


def test_a_failed_write_creates_nothing(
    invoke: Invoke, tmp_path: Path, private_user_dirs: Path
) -> None:
    assert invoke("add", *LIMA_SUMMIT, "--date", "2023-02-30").exit_code == 2
    assert not (private_user_dirs / "data").exists()
    result = invoke("add", *LIMA_SUMMIT, "-t", "bogus", "--db", str(tmp_path / "fresh.json"))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_related_to_a_missing_record_is_wrong_usage(invoke: Invoke) -> None:
    result = invoke("add", *LIMA_SUMMIT, "--related", "nope")
    assert result.exit_code == 2 and "related: no record has id 'nope'" in result.stderr


def test_declining_remove_keeps_the_record(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, private_user_dirs: Path
) -> None:
    invoke("add", *LIMA_SUMMIT)
    monkeypatch.setattr("pacli.cli.records.in_a_terminal", lambda: True)
    result = invoke("remove", "2023-05-02-lima-summit", input="n\n")
    assert result.exit_code == 1 and "nothing removed" in result.stderr
    assert len(load_store(private_user_dirs / "data" / "records.json").records) == 1


def test_editing_a_record_removed_meanwhile_is_always_exit_3(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    from pacli.errors import NotFoundError
    from pacli.storage.changes import edit_record
    from pacli.storage.library import open_library

    store = make_store([make_record("2023-01-01-a"), make_record("2023-01-02-b")])
    library = open_library(store, for_writing=True)
    assert library.source.get("2023-01-01-a")
    assert invoke("remove", "2023-01-01-a", "--yes", "--db", str(store)).exit_code == 0
    with pytest.raises(NotFoundError) as caught:
        edit_record(library, "2023-01-01-a", {"title": "Late"})
    assert caught.value.exit_code == 3
