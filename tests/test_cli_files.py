"""Records in and out through the command line: where, import, export and validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pacli.storage.store_file import load_store
from tests.conftest import StoreFactory
from tests.helpers import LIMA_ADD, Invoke, add_lima, make_record


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
    add_lima(invoke)
    after = json.loads(invoke("where", "--json").stdout)
    assert after[1]["records"] == 1 and after[1]["exists"] is True
    assert after[0]["writes"] is False


def test_bundled_and_user_records_are_read_together(invoke: Invoke, user_store: Path) -> None:
    bundled = len(json.loads(invoke("list", "--json").stdout))
    add_lima(invoke)
    records = json.loads(invoke("list", "--json").stdout)
    assert len(records) == bundled + 1
    assert records[0]["id"] == "2023-05-02-summit-in-lima"


def test_db_is_used_alone_and_created_by_the_first_write(
    invoke: Invoke, tmp_path: Path, user_store: Path
) -> None:
    team = tmp_path / "team.json"
    missing = invoke("list", "--db", str(team))
    assert missing.exit_code == 1 and "store not found" in missing.stderr
    result = invoke("add", *LIMA_ADD, "--db", str(team))
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
    add_lima(invoke)
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
    add_lima(invoke)
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


def test_an_import_adds_its_new_records_in_order_after_those_kept(
    invoke: Invoke, tmp_path: Path, user_store: Path
) -> None:
    add_lima(invoke)
    new = [make_record(f"2023-06-{day:02d}-new") for day in (3, 1, 2)]
    changed = make_record("2023-05-02-summit-in-lima", title="Summit in Lima, revised")
    path = write_json(tmp_path / "in.json", [new[0], changed, new[1], new[2]])
    assert invoke("import", str(path), "--update").exit_code == 0
    table = json.loads(user_store.read_text(encoding="utf-8"))["records"]
    by_document = [table[key]["id"] for key in sorted(table, key=int)]
    assert by_document == ["2023-05-02-summit-in-lima", *(record["id"] for record in new)]
    assert table["1"]["title"] == "Summit in Lima, revised"


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
    assert result.exit_code == 1 and "in.jsonl line 3: not valid JSON" in result.stderr
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


@pytest.mark.parametrize("content", [b'{"records": {"1": {"id"', b"\xff\xfe", b"[1, 2]"])
def test_broken_store_is_never_written_over(invoke: Invoke, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    for command in (["add", *LIMA_ADD], ["import", str(write_json(tmp_path / "in.json", []))]):
        result = invoke(*command, "--db", str(path))
        assert result.exit_code == 1
        assert str(path) in result.stderr
    assert path.read_bytes() == content


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


@pytest.mark.parametrize("form", ["json", "jsonl", "csv"])
def test_export_then_import_round_trips_every_field(
    invoke: Invoke, tmp_path: Path, form: str
) -> None:
    exported = tmp_path / f"all.{form}"
    assert invoke("export", "--format", form, "--output", str(exported)).exit_code == 0
    copy = tmp_path / "copy.json"
    result = invoke("import", str(exported), "--db", str(copy))
    assert result.exit_code == 0, result.stderr
    original = json.loads(invoke("export", "--format", "json").stdout)
    again = json.loads(invoke("export", "--format", "json", "--db", str(copy)).stdout)
    assert again == original
    assert len(load_store(copy).records) == len(original)


def test_export_is_oldest_first_with_filters(invoke: Invoke) -> None:
    records = json.loads(invoke("export", "--country", "KR").stdout)
    dates = [record["date"] for record in records]
    assert dates == ["2014", "2018", "2018", "2022", "2022-06-23"]


def test_export_ics(invoke: Invoke) -> None:
    from icalendar import Calendar

    text = invoke("export", "--format", "ics", "--country", "KR").stdout
    calendar = Calendar.from_ical(text)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 5
    observer = events["2014-south-korea-observer-state@pacli"]
    assert observer.decoded("dtstart").isoformat() == "2014-01-01"
    assert observer.decoded("dtend").isoformat() == "2015-01-01"
    talks = events["2022-06-23-south-korea-fta-negotiations-begin@pacli"]
    assert talks.decoded("dtend").isoformat() == "2022-06-24"
    assert str(talks["location"]) == "Santiago de Chile"


def test_export_ics_range(invoke: Invoke) -> None:
    from icalendar import Calendar

    text = invoke("export", "--format", "ics", "--tag", "environment", "--year", "2022").stdout
    cycle = next(
        event
        for event in Calendar.from_ical(text).walk("VEVENT")
        if str(event["uid"]).startswith("2022-06-09")
    )
    assert (cycle.decoded("dtstart").isoformat(), cycle.decoded("dtend").isoformat()) == (
        "2022-06-09",
        "2022-07-10",
    )


def test_export_markdown(invoke: Invoke, bundled_records: list[dict[str, Any]]) -> None:
    text = invoke("export", "--format", "markdown", "--country", "Singapore").stdout
    count = sum("Singapore" in record["countries"] for record in bundled_records)
    assert text.startswith(f"# Pacific Alliance records\n\n{count} records")
    assert "## 16 May 2022: Pacific Alliance - Singapore Work Plan adopted" in text
    assert "> May 16th, 2022.- A Work Plan" in text


def test_export_refuses_fields_for_documents(invoke: Invoke) -> None:
    result = invoke("export", "--format", "ics", "--fields", "id")
    assert result.exit_code == 2


def test_export_output_to_a_missing_directory(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("export", "--output", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr


def test_import_of_wrong_kinds_names_them(invoke: Invoke, tmp_path: Path) -> None:
    item = make_record("2023-01-01-a", places=[None, 5], tags=[7], source={"title": 123})
    path = tmp_path / "in.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    result = invoke("import", str(path), "--db", str(tmp_path / "store.json"))
    assert result.exit_code == 1
    for fragment in ("places: every item must be non-empty text", "tags: every item",
                     "source.title: must be text or null"):  # fmt: skip
        assert fragment in result.stderr
    assert "internal error" not in result.stderr


def test_import_reports_every_problem_of_a_record(invoke: Invoke, tmp_path: Path) -> None:
    item = make_record("2023-01-01-a", date="2023-02-30", tags=["Two Words"], colour="red")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    result = invoke("import", str(path), "--db", str(tmp_path / "store.json"))
    for fragment in ("line 1: date:", "line 1: tags:", "line 1: colour: unknown field"):
        assert fragment in result.stderr


def test_validate_reads_files_to_import(invoke: Invoke, tmp_path: Path) -> None:
    exported = tmp_path / "kr.csv"
    exported.write_text(invoke("export", "-f", "csv", "-c", "KR").stdout, encoding="utf-8")
    assert invoke("validate", str(exported)).exit_code == 0
    broken = tmp_path / "broken.json"
    broken.write_text('[{"title": "x", "date": "2023"}]', encoding="utf-8")
    result = invoke("validate", str(broken), "--json")
    assert result.exit_code == 1
    problems = [row["problem"] for row in json.loads(result.stdout)]
    assert "broken.json item 1: type: missing" in problems
    assert invoke("validate", str(tmp_path / "none.json")).exit_code == 1


def test_lines_show_booleans_as_words(invoke: Invoke) -> None:
    header, bundled_line, *_ = invoke("where", "--format", "tsv").stdout.splitlines()
    assert header.split("\t") == ["store", "path", "records", "writes", "exists"]
    assert bundled_line.split("\t")[3:] == ["false", "true"]


def test_validate_notes_records_without_a_date_basis(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    path = make_store(
        [make_record("2023-01-01-a"), make_record("2023-01-02-b", date_basis="stated")]
    )
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    assert "1 record(s) have no date_basis; they are read as 'unknown'" in result.stderr
    listed = json.loads(
        invoke("list", "--db", str(path), "--date-basis", "unknown", "--json").stdout
    )
    assert [record["id"] for record in listed] == ["2023-01-01-a"]


def test_where_never_wraps_a_path(invoke: Invoke, tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-directory-name-" * 4) / "data"
    result = invoke(
        "where", "--format", "table", env={"PACLI_DATA_DIR": str(deep), "COLUMNS": "60"}
    )
    assert result.exit_code == 0
    assert str(deep / "records.json") in result.stdout.splitlines()[-1]


# --- round trips the README promises, with text that breaks naive readers --------------------


@pytest.mark.parametrize("form", ["jsonl", "csv", "json"])
def test_odd_text_reads_back_unchanged(
    invoke: Invoke, make_store: StoreFactory, tmp_path: Path, form: str
) -> None:
    odd = make_record(
        "2023-01-01-odd",
        summary="Line\u2028separator\u2029paragraph\u0085next, bare\rreturn.",
        details=["x" * 90_000, "y" * 90_000, "a;b|c\\d"],  # one CSV cell of 180,000
    )
    store = make_store([odd])
    exported = tmp_path / f"out.{form}"
    assert invoke("export", "-f", form, "--db", str(store), "-o", str(exported)).exit_code == 0
    copy = tmp_path / "copy.json"
    result = invoke("import", str(exported), "--db", str(copy))
    assert result.exit_code == 0, result.stderr
    again = json.loads(invoke("show", "2023-01-01-odd", "--db", str(copy), "--json").stdout)
    assert again["summary"] == odd["summary"] and again["details"] == odd["details"]


def test_a_date_in_full_width_digits_is_not_valid(invoke: Invoke, make_store: StoreFactory) -> None:
    store = make_store([make_record("2023-01-01-a", date="\uff12\uff10\uff12\uff13")])
    result = invoke("validate", str(store))
    assert result.exit_code == 1 and "is not a real date" in result.stdout
    assert invoke("list", "--db", str(store)).exit_code == 1
