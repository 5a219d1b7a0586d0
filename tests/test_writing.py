"""Growing a knowledge base: where records live, add, edit, remove, import, validate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pacli.editing import make_id
from pacli.store import load_store
from tests.conftest import StoreFactory
from tests.helpers import make_record

Invoke = Callable[..., Any]

LIMA = [
    "--type",
    "event",
    "--title",
    "Summit in Lima",
    "--date",
    "2 May 2023",
    "--country",
    "PE",
    "-c",
    "Chile",
    "--summary",
    "Leaders met in Lima.",
]


@pytest.fixture
def user_store(private_user_dirs: Path) -> Path:
    return private_user_dirs / "data" / "records.json"


def add(invoke: Invoke, *extra: str) -> Any:
    return invoke("add", *LIMA, *extra)


# --- where records live ---------------------------------------------------------------------


def test_where_before_and_after_the_first_write(invoke: Invoke, user_store: Path) -> None:
    before = json.loads(invoke("where", "--json").stdout)
    assert [row["store"] for row in before] == ["bundled", "yours"]
    assert before[1] == {
        "store": "yours",
        "path": str(user_store),
        "records": 0,
        "writes": True,
        "exists": False,
    }
    add(invoke)
    after = json.loads(invoke("where", "--json").stdout)
    assert after[1]["records"] == 1 and after[1]["exists"] is True
    assert after[0]["writes"] is False


def test_bundled_and_user_records_are_read_together(invoke: Invoke, user_store: Path) -> None:
    bundled = len(json.loads(invoke("list", "--json").stdout))
    add(invoke)
    records = json.loads(invoke("list", "--json").stdout)
    assert len(records) == bundled + 1
    assert records[0]["id"] == "2023-05-02-summit-in-lima"


def test_db_is_used_alone_and_created_by_the_first_write(
    invoke: Invoke, tmp_path: Path, user_store: Path
) -> None:
    team = tmp_path / "team.json"
    missing = invoke("list", "--db", str(team))
    assert missing.exit_code == 1 and "store not found" in missing.stderr
    result = invoke("add", *LIMA, "--db", str(team))
    assert result.exit_code == 0
    assert f"created store {team}" in result.stderr
    assert [r["id"] for r in json.loads(invoke("list", "--db", str(team), "--json").stdout)] == [
        "2023-05-02-summit-in-lima"
    ]
    assert not user_store.exists()


def test_an_id_in_both_stores_is_an_error(invoke: Invoke, user_store: Path) -> None:
    user_store.parent.mkdir(parents=True)
    record = make_record("2018-strategic-vision-2030")
    user_store.write_text(json.dumps({"records": {"1": record}}), encoding="utf-8")
    result = invoke("list")
    assert result.exit_code == 1
    assert "2018-strategic-vision-2030" in result.stderr


# --- add ------------------------------------------------------------------------------------


def test_add_resolves_values_and_prints_the_id(invoke: Invoke, user_store: Path) -> None:
    result = add(invoke, "--person", "Ana Pérez|Minister of Trade|Perú", "--tag", "Diplomacy")
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
    first = add(invoke).stdout.strip()
    second = add(invoke).stdout.strip()
    assert (first, second) == ("2023-05-02-summit-in-lima", "2023-05-02-summit-in-lima-2")


def test_add_source_fields(invoke: Invoke, user_store: Path) -> None:
    add(invoke, "--source-title", "Lima news", "--source-url", "https://example.org/a",
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
    result = add(invoke, *args)
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
    monkeypatch.setattr("pacli.cli.writing._in_a_terminal", lambda: True)
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
    add(invoke, "--tag", "diplomacy")
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
    add(invoke)
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
    add(invoke)
    assert invoke("edit", "2023-05-02-summit-in-lima").exit_code == 2


def test_remove_drops_the_id_from_related(invoke: Invoke, user_store: Path) -> None:
    add(invoke)
    add(invoke, "--title", "Follow-up", "--related", "2023-05-02-summit-in-lima")
    result = invoke("remove", "2023-05-02-summit-in-lima")
    assert result.exit_code == 0, result.stderr
    assert "2023-05-02-follow-up no longer names 2023-05-02-summit-in-lima" in result.stderr
    store = load_store(user_store)
    assert [record.id for record in store.records] == ["2023-05-02-follow-up"]
    assert store.records[0].related == ()


# --- import ---------------------------------------------------------------------------------


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_json_array_without_ids(invoke: Invoke, tmp_path: Path, user_store: Path) -> None:
    item = {
        "type": "event",
        "title": "Forum in Bogotá",
        "date": "2023-09",
        "countries": ["CO"],
        "summary": "A forum.",
    }
    result = invoke("import", str(write_json(tmp_path / "in.json", [item])))
    assert result.exit_code == 0, result.stderr
    assert load_store(user_store).records[0].id == "2023-09-forum-in-bogota"


def test_import_reports_every_problem_and_writes_nothing(
    invoke: Invoke, tmp_path: Path, user_store: Path
) -> None:
    add(invoke)
    before = user_store.read_bytes()
    items = [
        make_record("2023-01-01-good"),
        make_record("2023-01-02-bad-date", date="2023-02-30"),
        make_record("2023-01-03-bad-country", countries=["Narnia"]),
        make_record("2023-05-02-summit-in-lima"),
        make_record("2018-strategic-vision-2030", date="2018"),
        make_record("2023-01-01-good"),
    ]
    result = invoke("import", str(write_json(tmp_path / "in.json", items)))
    assert result.exit_code == 1
    for fragment in (
        "in.json item 2: date: '2023-02-30'",
        "in.json item 3: countries: unknown country 'Narnia'",
        "in.json item 4: id: '2023-05-02-summit-in-lima' is already in the store; --update",
        "in.json item 5: id: '2018-strategic-vision-2030' belongs to a record in another store",
        "in.json item 6: id: '2023-01-01-good' is also at in.json item 1",
        "5 problems found; nothing was imported",
    ):
        assert fragment in result.stderr
    assert user_store.read_bytes() == before


def test_import_update_and_dry_run(invoke: Invoke, tmp_path: Path, user_store: Path) -> None:
    add(invoke)
    changed = make_record("2023-05-02-summit-in-lima", title="Summit in Lima, revised")
    new = make_record("2023-06-01-new")
    path = write_json(tmp_path / "in.json", [changed, new])
    before = user_store.read_bytes()
    dry = invoke("import", str(path), "--update", "--dry-run", "--json")
    assert json.loads(dry.stdout) == {
        "added": ["2023-06-01-new"],
        "updated": ["2023-05-02-summit-in-lima"],
        "dry_run": True,
    }
    assert user_store.read_bytes() == before
    assert invoke("import", str(path), "--update").exit_code == 0
    store = load_store(user_store)
    assert store.by_id["2023-05-02-summit-in-lima"].title == "Summit in Lima, revised"
    assert len(store.records) == 2


def test_import_dry_run_creates_nothing(invoke: Invoke, tmp_path: Path, user_store: Path) -> None:
    path = write_json(tmp_path / "in.json", [make_record("2023-06-01-new")])
    assert invoke("import", str(path), "--dry-run").exit_code == 0
    assert not user_store.parent.exists()


def test_import_tinydb_file_and_jsonl(
    invoke: Invoke, tmp_path: Path, make_store: StoreFactory, user_store: Path
) -> None:
    tinydb_file = make_store([make_record("2023-06-01-a")])
    assert invoke("import", str(tinydb_file)).exit_code == 0
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps(make_record("2023-06-02-b")) + "\n\nnot json\n", encoding="utf-8")
    result = invoke("import", str(lines))
    assert result.exit_code == 1 and "in.jsonl line 3: not JSON" in result.stderr
    lines.write_text(json.dumps(make_record("2023-06-02-b")) + "\n", encoding="utf-8")
    assert invoke("import", str(lines)).exit_code == 0
    assert len(load_store(user_store).records) == 2


def test_import_csv_with_list_fields(invoke: Invoke, tmp_path: Path, user_store: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "title,type,date,countries,summary,people,tags\n"
        'Trade talks,event,2023-03-01,Peru;KR,"Talks; first round.",'
        "Ana|Minister|Peru;Kim,trade;diplomacy\n",
        encoding="utf-8",
    )
    result = invoke("import", str(path))
    assert result.exit_code == 0, result.stderr
    record = load_store(user_store).records[0]
    assert record.countries == ("Peru", "South Korea")
    assert record.summary == "Talks; first round."
    assert [person.name for person in record.people] == ["Ana", "Kim"]


@pytest.mark.parametrize(
    ("name", "content", "fragment", "code"),
    [
        ("in.json", "{", "not valid JSON", 1),
        ("in.json", '{"a": 1}', "JSON array of records or a TinyDB file", 1),
        ("in.csv", "id,colour\nx,red\n", "unknown column 'colour'", 1),
        ("in.txt", "[]", "cannot tell the format", 2),
    ],
)
def test_unreadable_import_files(
    invoke: Invoke,
    tmp_path: Path,
    user_store: Path,
    name: str,
    content: str,
    fragment: str,
    code: int,
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = invoke("import", str(path))
    assert result.exit_code == code
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not user_store.exists()


def test_import_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("import", str(tmp_path / "none.json"))
    assert result.exit_code == 1 and "file not found" in result.stderr


# --- a store that cannot be read is never written over --------------------------------------


@pytest.mark.parametrize("content", [b'{"records": {"1": {"id"', b"\xff\xfe", b"[1, 2]"])
def test_broken_store_is_never_written_over(invoke: Invoke, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    for command in (["add", *LIMA], ["import", str(write_json(tmp_path / "in.json", []))]):
        result = invoke(*command, "--db", str(path))
        assert result.exit_code == 1
        assert str(path) in result.stderr
    assert path.read_bytes() == content


# --- validate -------------------------------------------------------------------------------


def test_validate_the_stores_in_use(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert "no problems found" in result.stderr


def test_validate_lists_every_problem(invoke: Invoke, make_store: StoreFactory) -> None:
    path = make_store(
        [make_record("2023-01-01-a", date="2023-13"), make_record("2023-01-02-b", countries=["x"])]
    )
    result = invoke("validate", str(path), "--json")
    assert result.exit_code == 1
    problems = [row["problem"] for row in json.loads(result.stdout)]
    assert len(problems) == 2
    assert problems[0].startswith("record '2023-01-01-a': date:")


def test_validate_strict_and_unreadable(
    invoke: Invoke, make_store: StoreFactory, tmp_path: Path
) -> None:
    path = make_store([make_record("2023-01-01-a", tags=["fisheries"])])
    assert invoke("validate", str(path)).exit_code == 0
    assert invoke("validate", str(path), "--strict").exit_code == 1
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = invoke("validate", str(broken))
    assert result.exit_code == 1 and "not valid JSON" in result.stdout


def test_make_id() -> None:
    assert (
        make_id("2023-05", "Cumbre de Bogotá: ¡Éxito!", set()) == "2023-05-cumbre-de-bogota-exito"
    )
    taken = {"2023-x", "2023-x-2"}
    assert make_id("2023", "X", taken) == "2023-x-3"
    assert make_id("2023", "!!!", set()) == "2023-record"
    assert len(make_id("2023", "word " * 40, set())) <= 60


def test_add_with_a_chosen_id_and_edit_keeps_it(invoke: Invoke, user_store: Path) -> None:
    assert add(invoke, "--id", "2023-my-own-id").stdout == "2023-my-own-id\n"
    taken = add(invoke, "--id", "2023-my-own-id")
    assert taken.exit_code == 2 and "'2023-my-own-id' is already used" in taken.stderr
    assert invoke("edit", "2023-my-own-id", "--title", "Renamed").exit_code == 0
    assert [record.id for record in load_store(user_store).records] == ["2023-my-own-id"]
