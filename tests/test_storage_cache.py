"""A large store answers list, timeline and search from its cache exactly as from memory."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_synthetic_store
from pacli.model.records import FIELDS, Record
from pacli.search.ranking import search
from pacli.selection.filters import DateOptions, build_filters
from pacli.selection.summaries import newest_first, oldest_first, select
from pacli.storage.cache import cache_file_for
from pacli.storage.library import LARGE_STORE_BYTES, open_library
from pacli.storage.record_source import MemorySource
from pacli.storage.store_file import load_store
from tests.conftest import StoreFactory
from tests.helpers import Invoke, make_record, read_tsv


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_synthetic_store(1200, tmp_path_factory.mktemp("large") / "store.json")
    assert path.stat().st_size >= LARGE_STORE_BYTES
    return path


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _large_store_cache_built_once(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests of this module share one cache directory, so the large store is indexed once;
    # a test that needs a cache of its own sets PACLI_CACHE_DIR again (see needle_store).
    monkeypatch.setenv("PACLI_CACHE_DIR", str(shared_cache))


@pytest.fixture(scope="module")
def records(large_store: Path) -> list[Record]:
    return load_store(large_store).records


FILTERS = [
    {},
    {"countries": ["Peru"]},
    {"countries": ["KR", "Japan"], "types": ["agreement"]},
    {"tags": ["trade", "finance"]},
    {"dates": DateOptions.typed(since="2020-06", until="2021")},
    {"dates": DateOptions.typed(on="2018")},
    {"countries": ["Chile"], "tags": ["culture"], "dates": DateOptions.typed(since="2015")},
    {"date_bases": ["dateline"], "countries": ["Peru"]},
    {"dates": DateOptions.typed(within="2020-Q2..2021")},
    {"dates": DateOptions.typed(since="2019", within="2021")},
]
ARGS = [
    [],
    ["--country", "Peru"],
    ["-c", "KR", "-c", "Japan", "--type", "agreement"],
    ["--tag", "trade", "--tag", "finance"],
    ["--from", "2020-06", "--to", "2021"],
    ["--on", "2018"],
    ["-c", "Chile", "--tag", "culture", "--from", "2015"],
    ["--date-basis", "dateline", "-c", "Peru"],
    ["--within", "2020-Q2..2021"],
    ["--from", "2019", "--within", "2021"],
]


@pytest.mark.parametrize("batch", [7, 1000])  # records read and written together
@pytest.mark.parametrize(("options", "args"), list(zip(FILTERS, ARGS, strict=True)))
def test_list_and_timeline_from_the_cache_match_memory(
    invoke: Invoke,
    large_store: Path,
    records: list[Record],
    options: dict[str, Any],
    args: list[str],
    batch: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pacli.storage.cached_source

    monkeypatch.setattr(pacli.storage.cached_source, "JSON_BATCH", batch)
    filters = build_filters(**options)
    expected_newest = [record.to_dict() for record in newest_first(select(records, filters))]
    expected_oldest = [record.to_dict() for record in oldest_first(select(records, filters))]
    listed = invoke("list", "--db", str(large_store), "--json", *args)
    assert listed.exit_code == 0, listed.stderr
    assert json.loads(listed.stdout) == expected_newest
    timeline = invoke("timeline", "--db", str(large_store), "--jsonl", *args)
    assert [json.loads(line) for line in timeline.stdout.splitlines()] == expected_oldest


@pytest.mark.parametrize("walk_rows", [5, 20000])  # the walk cut short, and not
@pytest.mark.parametrize(("options", "args"), list(zip(FILTERS, ARGS, strict=True)))
def test_a_limited_listing_from_the_cache_matches_memory(
    invoke: Invoke,
    large_store: Path,
    records: list[Record],
    options: dict[str, Any],
    args: list[str],
    walk_rows: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pacli.storage.cached_source

    monkeypatch.setattr(pacli.storage.cached_source, "WALK_ROWS", walk_rows)
    chosen = select(records, build_filters(**options))
    for limit in (3, 700):
        listed = invoke("list", "--db", str(large_store), "--json", "-n", str(limit), *args)
        assert listed.exit_code == 0, listed.stderr
        newest = [record.to_dict() for record in newest_first(chosen)[:limit]]
        assert json.loads(listed.stdout) == newest
        timeline = invoke("timeline", "--db", str(large_store), "--json", "-n", str(limit), *args)
        assert json.loads(timeline.stdout) == [r.to_dict() for r in oldest_first(chosen)[:limit]]


@pytest.mark.parametrize("command", ["list", "timeline", "search"])
def test_a_limit_larger_than_any_store_lists_every_match_and_keeps_the_cache(
    invoke: Invoke, large_store: Path, command: str
) -> None:
    words = ["trade"] if command == "search" else []
    every = invoke(command, *words, "--db", str(large_store), "--json")
    assert every.exit_code == 0, every.stderr
    cache_file = cache_file_for([large_store])
    built = cache_file.stat().st_mtime_ns
    huge = invoke(command, *words, "--db", str(large_store), "--json", "-n", "9" * 40)
    assert huge.exit_code == 0, huge.stderr
    assert huge.stderr == ""
    assert json.loads(huge.stdout) == json.loads(every.stdout)
    assert cache_file.stat().st_mtime_ns == built


@pytest.mark.parametrize(
    "command",
    [["list", "--from", "foo"], ["list", "-c", "Atlantis"], ["list", "--fields", "nope"],
     ["list", "-f", "xml"], ["list", "--json", "--jsonl"], ["timeline", "--type", "nope"],
     ["timeline", "--from", "2022", "--to", "2021"], ["search", "trade", "-f", "xml"],
     ["show", "some-id", "--json", "--jsonl"], ["countries", "-f", "xml"],
     ["stats", "--date-basis", "nope"], ["export", "-f", "xml"], ["countries", "-n", "0"],
     ["search", "   "], ["search", "trade", "type:nope"], ["stats", "country:atlantis"],
     ["add", "--type", "nope", "--title", "x", "--date", "2024", "-c", "PE", "--summary", "s"],
     ["add", "--type", "event", "--title", "x", "--date", "2024-02-30", "-c", "PE",
      "--summary", "s"]],
)  # fmt: skip
def test_a_wrong_value_is_said_before_the_cache_is_built(
    invoke: Invoke, large_store: Path, tmp_path: Path, command: list[str]
) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(large_store.read_bytes())
    result = invoke(*command, "--db", str(copy))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("pacli: error: ")
    assert not cache_file_for([copy]).exists()


def test_a_build_that_fails_stops_its_progress_report_before_the_answer(
    invoke: Invoke, large_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import pacli.cli.progress
    import pacli.storage.cache

    events: list[str] = []
    closing = pacli.cli.progress.ProgressReport.close

    def close(report: pacli.cli.progress.ProgressReport) -> None:
        events.append("closed")
        closing(report)

    def failing_build(*args: object) -> None:
        events.append("build failed")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pacli.cli.progress.ProgressReport, "close", close)
    monkeypatch.setattr(pacli.storage.cache, "_build", failing_build)
    monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / "cache"))
    result = invoke("stats", "--json", "--db", str(large_store))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["records"] == 1200
    assert events[:2] == ["build failed", "closed"]
    assert "reading the store instead" in result.stderr


def test_a_store_whose_name_is_not_utf8_is_cached_and_written(
    invoke: Invoke, large_store: Path, tmp_path: Path
) -> None:
    named = tmp_path / os.fsdecode(b"st\xff.json")  # a Latin-1 name, as a file system may hold
    named.write_bytes(large_store.read_bytes())
    env = {"PACLI_DB": str(named)}
    first = invoke("list", "-n", "2", "--json", env=env)
    assert first.exit_code == 0, first.stderr
    assert cache_file_for([named]).exists()
    added = invoke("add", "--type", "event", "--title", "Summit in Lima", "--date", "2023-05-02",
                   "--date-basis", "stated", "-c", "PE", "--summary", "Met.", env=env)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    found = invoke("search", "summit", "lima", "--json", "-n", "1", env=env)
    assert json.loads(found.stdout)[0]["id"] == "2023-05-02-summit-in-lima"
    assert "building" not in found.stderr  # the write kept the cache current
    other = tmp_path / "other.json"
    other.write_bytes(large_store.read_bytes())
    assert "building" in invoke("list", "-n", "1", "--db", str(other)).stderr
    again = invoke("list", "-n", "1", env=env)  # its cache not taken for an orphan's
    assert again.exit_code == 0 and "building" not in again.stderr
    where = invoke("where", "--json", env=env)
    assert where.exit_code == 0, where.stderr
    (row,) = json.loads(where.stdout)
    assert row["path"] == str(tmp_path / "st\\xff.json") and row["records"] == 1201


@pytest.mark.parametrize(
    "output", ["a directory", "no directory/x.json", "read-only.json", "/dev/fd/987",
               "/dev/fd/99999999999999999999", "/proc/self/fd/3000000000"],
)  # fmt: skip
def test_an_output_that_cannot_be_written_is_said_before_the_cache_is_built(
    invoke: Invoke, large_store: Path, tmp_path: Path, output: str
) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(large_store.read_bytes())
    (tmp_path / "a directory").mkdir()
    (tmp_path / "read-only.json").write_text("kept", encoding="utf-8")
    (tmp_path / "read-only.json").chmod(0o444)
    result = invoke("export", "--db", str(copy), "-o", str(tmp_path / output))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"pacli: error: cannot write {tmp_path / output}: ")
    assert "internal error" not in line
    assert not cache_file_for([copy]).exists()


def test_a_cache_with_a_damaged_path_is_removed_as_an_orphan(
    invoke: Invoke, large_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    stray = tmp_path / "cache" / "records-0123456789abcdef0123.sqlite3"
    with sqlite3.connect(stray) as connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO meta VALUES ('path 0', 'bytes:2f7')")
    connection.close()
    result = invoke("list", "-n", "1", "--db", str(large_store))
    assert result.exit_code == 0, result.stderr
    assert not stray.exists()


def test_the_cache_is_built_once(invoke: Invoke, large_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(large_store.read_bytes())
    first = invoke("list", "--db", str(copy), "-n", "1", "--json")
    second = invoke("list", "--db", str(copy), "-n", "1", "--json")
    assert "is not built yet; building it" in first.stderr
    assert second.stderr == ""
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    "query",
    ["korea fisheries", "tourism", '"renewable energy" -seminar', "country:peru finance", "kore*",
     "fisherie", "lima OR bogota type:program", "pesca within:2020-Q2..2021",
     "turismo junio de 2021", "what happened in 2019"],
)  # fmt: skip
def test_search_from_the_cache_matches_memory(
    invoke: Invoke, large_store: Path, records: list[Record], query: str
) -> None:
    expected = search(MemorySource.of(records), query)
    result = invoke("search", query, "--db", str(large_store), "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert [hit["id"] for hit in found] == [hit.record.id for hit in expected.hits]
    assert [hit["score"] for hit in found] == [hit.score for hit in expected.hits]


def test_other_output_forms_from_the_cache(
    invoke: Invoke, large_store: Path, records: list[Record]
) -> None:
    lines = invoke("list", "--db", str(large_store), "--format", "tsv", "-c", "Peru").stdout
    expected = newest_first(select(records, build_filters(countries=["Peru"])))
    assert [row["id"] for row in read_tsv(lines)] == [r.id for r in expected]
    chosen = invoke("list", "--db", str(large_store), "--fields", "id,date", "--json", "-n", "2")
    newest = newest_first(records)[:2]
    assert json.loads(chosen.stdout) == [{"id": r.id, "date": r.date} for r in newest]


@pytest.fixture
def needle_store(make_store: StoreFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / "cache"))
    summary = "A record about regional integration and the Pacific Alliance. " * 80
    count = LARGE_STORE_BYTES // len(summary) + 10
    data = [
        make_record(f"2022-01-01-r{number:05d}", summary=summary.strip()) for number in range(count)
    ]
    data.append(make_record("2022-02-02-needle", title="The needle record"))
    return make_store(data)


def notices(path: Path, query: str = "needle", want: str = "2022-02-02-needle") -> list[str]:
    """What pacli says while it opens the large store at `path` and searches it."""
    messages: list[str] = []
    library = open_library(path, cache_notify=messages.append)
    assert search(library.source, query).hits[0].record.id == want
    return messages


def test_large_store_index_is_built_once_then_reused(needle_store: Path) -> None:
    first = notices(needle_store)
    assert len(first) == 1 and "not built yet" in first[0]
    assert cache_file_for([needle_store]).is_file()
    assert notices(needle_store) == []


def test_changed_store_rebuilds(needle_store: Path) -> None:
    notices(needle_store)
    text = needle_store.read_text(encoding="utf-8").replace(
        "The needle record", "The needle record!"
    )
    needle_store.write_text(text, encoding="utf-8")
    assert "is out of date; building it" in notices(needle_store)[0]


def test_same_size_and_mtime_but_new_content_rebuilds(needle_store: Path) -> None:
    notices(needle_store)
    stat = needle_store.stat()
    text = needle_store.read_text(encoding="utf-8").replace(
        "The needle record", "The needle recorX"
    )
    needle_store.write_text(text, encoding="utf-8")
    os.utime(needle_store, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "out of date" in notices(needle_store, query="recorx")[0]


def test_corrupt_cache_is_rebuilt_not_an_error(needle_store: Path) -> None:
    notices(needle_store)
    cache_file_for([needle_store]).write_bytes(b"not a database")
    assert "is damaged; building it" in notices(needle_store)[0]


def test_unwritable_cache_falls_back_to_memory(
    needle_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = needle_store.parent / "blocker"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("PACLI_CACHE_DIR", str(blocker / "cache"))
    messages = notices(needle_store)
    assert any("reading the store" in message for message in messages)


def test_cache_never_writes_next_to_the_store(needle_store: Path) -> None:
    before = sorted(path.name for path in needle_store.parent.iterdir())
    notices(needle_store)
    after = sorted(path.name for path in needle_store.parent.iterdir() if path.name != "cache")
    assert after == before


def test_small_stores_are_indexed_in_memory(
    make_store: StoreFactory, private_user_dirs: Path
) -> None:
    path = make_store([make_record("2022-01-01-a")])
    library = open_library(path, cache_notify=lambda message: None)
    assert isinstance(library.source, MemorySource)
    assert not (private_user_dirs / "cache").exists()


# --- a damaged cache is dropped and rebuilt, never used --------------------------------------


def damage(cache_file: Path, how: str) -> None:
    size = cache_file.stat().st_size
    with cache_file.open("r+b") as stream:
        if how == "zeroes":
            stream.seek(size // 10)
            stream.write(b"\0" * (size * 8 // 10))
        else:
            for offset in range(4096, size, max(size // 40, 1)):
                stream.seek(offset)
                stream.write(os.urandom(64))


DAMAGE_COMMANDS = [["list", "--json"], ["search", "trade", "--json"], ["stats", "--json"],
                   ["show", "2022-02-02-needle", "--json"]]  # fmt: skip


@pytest.mark.parametrize("how", ["zeroes", "random bytes"])
@pytest.mark.parametrize("command", DAMAGE_COMMANDS)
def test_a_damaged_cache_is_rebuilt_and_the_answer_is_right(
    invoke: Invoke, needle_store: Path, how: str, command: list[str]
) -> None:
    expected = invoke(*command, "--db", str(needle_store))
    assert expected.exit_code == 0
    damage(cache_file_for([needle_store]), how)
    result = invoke(*command, "--db", str(needle_store))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(expected.stdout)
    assert "internal error" not in result.stderr


def test_a_record_that_fails_its_checksum_is_never_printed(
    invoke: Invoke, needle_store: Path
) -> None:
    expected = invoke("show", "2022-02-02-needle", "--db", str(needle_store), "--json").stdout
    _spoil_needle(needle_store)
    result = invoke("show", "2022-02-02-needle", "--db", str(needle_store), "--json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "pacli: a record in the index does not match its checksum; it was removed and is "
        "rebuilt now"
    ]
    assert json.loads(result.stdout) == json.loads(expected)


def _spoil_needle(needle_store: Path) -> None:
    import sqlite3

    with sqlite3.connect(cache_file_for([needle_store])) as connection:
        connection.execute(
            "UPDATE records SET json = substr(json, 1, 20) WHERE id = '2022-02-02-needle'"
        )


def test_a_listing_read_ahead_is_whole_when_a_late_record_is_damaged(
    invoke: Invoke, needle_store: Path
) -> None:
    expected = invoke("list", "--db", str(needle_store), "--json")
    _spoil_needle(needle_store)  # the newest record: the last one `timeline` writes
    result = invoke("timeline", "--db", str(needle_store), "--json")
    assert result.exit_code == 0, result.stderr
    assert "rebuilt now" in result.stderr
    assert sorted(r["id"] for r in json.loads(result.stdout)) == sorted(
        r["id"] for r in json.loads(expected.stdout)
    )


@pytest.mark.parametrize("batch", [1, 64])  # the read-ahead is one batch: one record, or 64
def test_a_streamed_listing_damaged_past_its_read_ahead_stops_and_says_so(
    invoke: Invoke, needle_store: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    import pacli.render.views
    import pacli.storage.cached_source

    assert invoke("list", "--db", str(needle_store), "-n", "1").exit_code == 0
    _spoil_needle(needle_store)
    monkeypatch.setattr(pacli.render.views, "READ_AHEAD_BYTES", 1)
    monkeypatch.setattr(pacli.storage.cached_source, "JSON_BATCH", batch)
    result = invoke("timeline", "--db", str(needle_store), "--jsonl")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("it was removed, run the command again")
    assert "2022-02-02-needle" not in result.stdout
    assert not cache_file_for([needle_store]).exists()
    again = invoke("timeline", "--db", str(needle_store), "--jsonl")
    assert again.exit_code == 0
    assert json.loads(again.stdout.splitlines()[-1])["id"] == "2022-02-02-needle"


def test_a_killed_build_leaves_nothing_behind(invoke: Invoke, needle_store: Path) -> None:
    cache_file = cache_file_for([needle_store])
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    left = cache_file.parent / f"{cache_file.name}.abc123.tmp"
    left.write_bytes(b"half a cache")
    assert invoke("list", "--db", str(needle_store), "-n", "1").exit_code == 0
    assert not left.exists() and cache_file.exists()


@pytest.mark.parametrize(
    "command",
    [["stats"], ["stats", "-c", "Peru", "--from", "2015"], ["countries"],
     ["countries", "--tag", "trade"], ["export", "-f", "csv"], ["export"],
     ["export", "-f", "jsonl", "-c", "Peru"], ["timeline"], ["list", "-c", "Peru"]],
)  # fmt: skip
def test_every_reading_command_answers_from_the_cache_as_from_memory(
    invoke: Invoke, large_store: Path, records: list[Record], tmp_path: Path, command: list[str]
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a directory")
    in_memory = {"PACLI_CACHE_DIR": str(blocked / "cache")}
    form = [] if command[0] == "export" else ["--json"]
    cached = invoke(*command, *form, "--db", str(large_store))
    memory = invoke(*command, *form, "--db", str(large_store), env=in_memory)
    assert cached.exit_code == memory.exit_code == 0, memory.stderr
    assert cached.stdout == memory.stdout


@pytest.mark.parametrize("form", ["--json", "--jsonl"])
def test_a_streamed_listing_is_laid_out_as_a_listing_of_chosen_fields(
    invoke: Invoke, large_store: Path, form: str
) -> None:
    # Every field chosen: the records decoded and written again by the writer of rows, not as kept.
    streamed = invoke("timeline", "--db", str(large_store), form)
    every_field = invoke("timeline", "--db", str(large_store), form, "--fields", ",".join(FIELDS))
    assert streamed.exit_code == every_field.exit_code == 0, streamed.stderr
    assert streamed.stdout == every_field.stdout
    assert streamed.stdout.endswith("\n]\n" if form == "--json" else "}\n")


def test_an_export_to_a_file_from_the_cache_is_as_from_memory(
    invoke: Invoke, large_store: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a directory")
    memory = invoke("export", "--db", str(large_store), env={"PACLI_CACHE_DIR": str(blocked)})
    written = tmp_path / "out.json"
    cached = invoke("export", "--db", str(large_store), "-o", str(written))
    assert cached.exit_code == memory.exit_code == 0, cached.stderr
    assert written.read_text(encoding="utf-8") == memory.stdout
    assert len(json.loads(memory.stdout)) == 1200


def test_show_answers_from_the_cache_as_from_memory(
    invoke: Invoke, large_store: Path, records: list[Record], tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a directory")
    in_memory = {"PACLI_CACHE_DIR": str(blocked / "cache")}
    for record in (records[0], records[len(records) // 2], records[-1]):
        show = ["show", record.id, "--json", "--db", str(large_store)]
        cached = invoke(*show)
        assert cached.exit_code == 0, cached.stderr
        assert json.loads(cached.stdout)["id"] == record.id
        assert cached.stdout == invoke(*show, env=in_memory).stdout


def test_see_also_on_a_large_store_looks_at_the_last_records_added_per_key(
    make_store: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacli.storage import cached_source

    summary = "A record about regional integration and the Pacific Alliance. " * 80
    count = LARGE_STORE_BYTES // len(summary) + 10
    # Every record shares two tags with the first; the earliest added are the closest in time.
    data = [
        make_record(f"2020-01-{1 + number % 28:02d}-r{number:05d}", summary=summary.strip(),
                    tags=["trade", "culture"])
        for number in range(count)
    ]  # fmt: skip
    library = open_library(make_store(data), cache_notify=lambda message: None)
    assert isinstance(library.source, cached_source.CachedSource)
    target = library.source.get(data[0]["id"])
    closest = [record.id for record in library.source.similar(target)]
    assert closest and all(record_id < "2020-01-07" for record_id in closest)
    monkeypatch.setattr(cached_source, "SIMILAR_CANDIDATES", 3)
    last_added = {record["id"] for record in data[-3:]}
    assert {record.id for record in library.source.similar(target)} == last_added


def test_show_on_a_large_store_copes_with_a_record_naming_hundreds_of_people(
    invoke: Invoke, make_store: StoreFactory
) -> None:
    summary = "A record about regional integration and the Pacific Alliance. " * 80
    count = LARGE_STORE_BYTES // len(summary) + 10
    crowd = [{"name": f"Person {number}", "role": "delegate"} for number in range(600)]
    data = [
        make_record(f"2020-01-01-r{number:05d}", summary=summary.strip(), people=crowd[:2])
        for number in range(count)
    ]
    data.append(make_record("2020-02-02-crowd", people=crowd))
    result = invoke("show", "2020-02-02-crowd", "--db", str(make_store(data)))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Person 599" in result.stdout
    assert any(line.startswith("see also:\t2020-01-01-r") for line in lines)


def test_the_cache_knows_the_words_a_store_in_memory_knows(
    large_store: Path, records: list[Record]
) -> None:
    cached = open_library(large_store, cache_notify=lambda message: None).source
    assert not isinstance(cached, MemorySource)
    words = cached.known_words()
    assert words == MemorySource.of(records).known_words()
    assert words["peru"] == "Peru" and words["peru"] != words.get("perú")


def test_a_build_in_a_worker_process_matches_one_made_here(
    large_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def tables(cache_dir: Path) -> dict[str, list[Any]]:
        monkeypatch.setenv("PACLI_CACHE_DIR", str(cache_dir))
        assert open_library(large_store, cache_notify=lambda message: None).source is not None
        with sqlite3.connect(cache_file_for([large_store])) as connection:
            names = [
                n
                for (n,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            return {
                name: sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
                for name in names
                if name.startswith(("records", "record_", "words", "fts_data"))
            }

    here = tables(tmp_path / "here")
    workers = _built_in_a_worker(monkeypatch)
    in_worker = tables(tmp_path / "worker")
    assert workers == [1]
    assert in_worker == here
    assert len(here["records"]) == 1200


def _built_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every cache build from now on reads the store in a worker process; the list counts them."""
    import pacli.storage.build_worker as build_worker

    workers: list[int] = []
    in_worker = build_worker._from_worker

    def counted(stream_records: Any, progress: Any) -> Any:
        workers.append(1)
        return in_worker(stream_records, progress)

    monkeypatch.setattr(build_worker, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(build_worker, "_from_worker", counted)
    return workers


def test_a_store_that_fails_the_schema_says_so_from_a_worker_as_from_here(
    invoke: Invoke, needle_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    document = json.loads(needle_store.read_text())
    document["records"]["2"]["date"] = "2022-13-45"
    needle_store.write_text(json.dumps(document))
    here = invoke("list", "--db", str(needle_store), "--json")
    workers = _built_in_a_worker(monkeypatch)
    monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / "worker"))
    in_worker = invoke("list", "--db", str(needle_store), "--json")
    assert workers == [1]
    assert here.exit_code == in_worker.exit_code == 1
    assert "'2022-13-45' is not a real date" in here.stderr
    assert in_worker.stderr == here.stderr and in_worker.stdout == ""
    assert not list((tmp_path / "worker").glob("*.sqlite3*tmp"))


def test_the_cache_knows_every_tag_of_its_records_once(
    large_store: Path, records: list[Record]
) -> None:
    cached = open_library(large_store, cache_notify=lambda message: None).source
    assert not isinstance(cached, MemorySource)
    expected = {tag for record in records for tag in record.tags}
    assert len(expected) > 5
    assert cached.known_tags() == expected


@pytest.mark.parametrize("in_worker", [False, True])
def test_a_large_user_store_that_reuses_a_bundled_id_says_so(
    invoke: Invoke,
    user_store: Path,
    large_store: Path,
    bundled_path: Path,
    in_worker: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pacli.storage.build_worker

    monkeypatch.setattr(pacli.storage.build_worker, "BATCH", 100)  # the reuse in a full batch
    if in_worker:
        _built_in_a_worker(monkeypatch)
    bundled_id = json.loads(bundled_path.read_text())["records"]["1"]["id"]
    document = json.loads(large_store.read_text())
    document["records"]["7"]["id"] = bundled_id
    user_store.parent.mkdir(parents=True, exist_ok=True)
    user_store.write_text(json.dumps(document))
    result = invoke("list", "--json", "-n", "1")
    assert result.exit_code == 1
    assert f"record {bundled_id!r}: id is also a bundled record's" in result.stderr
    assert "cannot write the index" not in result.stderr


def test_the_named_columns_lead_the_index_rows() -> None:
    from pacli.search.index import COLUMN_WEIGHTS, NAMED_COLUMNS

    assert tuple(COLUMN_WEIGHTS)[: len(NAMED_COLUMNS)] == NAMED_COLUMNS


def test_a_build_in_a_worker_reports_its_progress_here(
    invoke: Invoke, large_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pacli.cli.progress

    monkeypatch.setattr(pacli.cli.progress, "SHOW_AFTER_SECONDS", 0.0)

    def progress_lines(cache: str) -> list[str]:
        monkeypatch.setenv("PACLI_CACHE_DIR", str(tmp_path / cache))
        result = invoke("list", "--db", str(large_store), "-n", "1")
        assert result.exit_code == 0, result.stderr
        return [line for line in result.stderr.splitlines() if "to index it:" in line]

    here = progress_lines("here")
    workers = _built_in_a_worker(monkeypatch)
    in_worker = progress_lines("worker")
    assert workers == [1]
    size = f"{large_store.stat().st_size / 1e6:,.0f} MB"
    assert here[-1].endswith(f"{size} of {size}")
    assert in_worker[-1] == here[-1]  # the worker's reports are sent at most ten a second
