"""pacli ingest, source and verify through the command line."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pacli.render.article_text import write_plain
from tests.conftest import StoreFactory
from tests.helpers import REPO_ROOT, Invoke, make_record

ARTICLE = REPO_ROOT / "tests" / "articles" / "two-events-en.txt"
EXAMPLE = REPO_ROOT / "docs" / "examples" / "article.txt"


def read(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def one_line_error(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("pacli: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return str(lines[-1])


def test_piped_ingest_prints_the_drafts_and_adds_nothing(invoke: Invoke, user_store: Path) -> None:
    result = invoke("ingest", str(ARTICLE))
    assert result.exit_code == 0, result.stderr
    drafts = json.loads(result.stdout)
    assert [draft["date"] for draft in drafts] == ["2023-03-03", "2023-03-10"]
    assert "nothing added" in result.stderr
    assert not user_store.exists()


def test_add_keeps_the_records_and_the_article_in_one_store(invoke: Invoke, tmp_path: Path) -> None:
    store = tmp_path / "team.json"
    url = "https://example.org/news/ministers"
    result = invoke("ingest", str(ARTICLE), "--add", "--url", url, "--db", str(store))
    assert result.exit_code == 0, result.stderr
    added = result.stdout.split()
    document = read(store)
    (article,) = document["sources"].values()
    text = ARTICLE.read_text(encoding="utf-8")
    assert article["text"] == text
    assert article["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert article["url"] == url
    assert article["published"] == "2023-03-03"
    records = {data["id"]: data for data in document["records"].values()}
    assert sorted(records) == sorted(added)
    for record in records.values():
        assert record["source"]["article"] == article["id"]
        assert record["source"]["url"] == url
        assert " ".join(record["source"]["quote"].split()) in " ".join(text.split())


def test_an_article_already_in_the_store_is_refused_unless_forced(
    invoke: Invoke, tmp_path: Path
) -> None:
    store = tmp_path / "team.json"
    assert invoke("ingest", str(ARTICLE), "--add", "--db", str(store)).exit_code == 0
    before = store.read_bytes()
    again = invoke("ingest", str(ARTICLE), "--add", "--db", str(store))
    assert again.exit_code == 1
    message = one_line_error(again)
    assert "already holds every fact" in message and "(2023-03-03, " in message
    assert store.read_bytes() == before
    forced = invoke("ingest", str(ARTICLE), "--add", "--force", "--db", str(store))
    assert forced.exit_code == 0, forced.stderr
    document = read(store)
    assert len(document["records"]) == 4
    assert len(document["sources"]) == 1  # the same article is kept once
    assert "already kept" in forced.stderr


def test_facts_the_bundled_store_holds_are_left_out_and_linked(invoke: Invoke) -> None:
    result = invoke("ingest", str(EXAMPLE), "--json")
    drafts = json.loads(result.stdout)
    assert "2018-declaration-of-puerto-vallarta" in drafts[0]["related"]
    assert "Declaration of Puerto Vallarta" not in [draft["title"] for draft in drafts]
    assert "left out a draft the store already holds: 'Declaration of Puerto Vallarta'" in (
        result.stderr
    )


def test_stdin_is_read_with_a_dash(invoke: Invoke) -> None:
    result = invoke("ingest", "-", input=ARTICLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["date"] == "2023-03-03"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pacli.cli.ingest_steps.in_a_terminal", lambda: True)


@pytest.mark.usefixtures("terminal")
def test_in_a_terminal_it_shows_the_drafts_and_asks(invoke: Invoke, tmp_path: Path) -> None:
    store = tmp_path / "team.json"
    refused = invoke("ingest", str(ARTICLE), "--db", str(store), input="n\n")
    assert refused.exit_code == 1
    assert "Add these 2 record(s)" in refused.stdout
    assert "trade ministers" in refused.stdout  # the drafts' table
    assert not store.exists()
    accepted = invoke("ingest", str(ARTICLE), "--db", str(store), input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert len(read(store)["records"]) == 2


def write_editor(tmp_path: Path, body: str) -> str:
    """A small editor: a Python script run on the file of drafts."""
    script = tmp_path / "editor.py"
    script.write_text(f"import json, sys\npath = sys.argv[1]\n{body}\n", encoding="utf-8")
    return f"{sys.executable} {script}"


@pytest.fixture
def a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """--edit runs only in a terminal; the tests' own runner has none."""
    import pacli.cli.articles

    monkeypatch.setattr(pacli.cli.articles, "in_a_terminal", lambda: True)


def test_edit_without_a_terminal_is_refused_before_any_editor(
    invoke: Invoke, tmp_path: Path
) -> None:
    started = tmp_path / "started"
    editor = write_editor(tmp_path, f"open({str(started)!r}, 'w').write('yes')")
    result = invoke("ingest", str(ARTICLE), "--edit", "--db", str(tmp_path / "team.json"),
                    env={"EDITOR": editor})  # fmt: skip
    assert result.exit_code == 2
    assert "--edit opens an editor, which needs a terminal" in one_line_error(result)
    assert not started.exists()


@pytest.mark.usefixtures("a_terminal")
def test_edit_opens_the_drafts_as_json_and_adds_what_is_saved(
    invoke: Invoke, tmp_path: Path
) -> None:
    editor = write_editor(
        tmp_path,
        "drafts = json.load(open(path))\n"
        "drafts[0]['title'] = 'Trade ministers meet'\n"
        "json.dump(drafts[:1], open(path, 'w'))",
    )
    store = tmp_path / "team.json"
    result = invoke(
        "ingest", str(ARTICLE), "--edit", "--add", "--db", str(store), env={"EDITOR": editor}
    )
    assert result.exit_code == 0, result.stderr
    (record,) = read(store)["records"].values()
    assert record["title"] == "Trade ministers meet"
    assert record["related"] == []  # the draft it named was removed in the editor


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ("open(path, 'w').write('[{')", 2, "not valid JSON (line 1"),
        ("sys.exit(3)", 1, "exited with 3"),
        ("json.dump([{'title': 'x'}], open(path, 'w'))", 2, "not valid"),
    ],
)
@pytest.mark.usefixtures("a_terminal")
def test_a_failed_edit_adds_nothing(
    invoke: Invoke, tmp_path: Path, body: str, code: int, message: str
) -> None:
    store = tmp_path / "team.json"
    editor = write_editor(tmp_path, body)
    result = invoke(
        "ingest", str(ARTICLE), "--edit", "--add", "--db", str(store), env={"EDITOR": editor}
    )
    assert result.exit_code == code
    assert message in one_line_error(result)
    assert not store.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"", "is empty"),
        (b"\n  \n", "is empty"),
        (b"Headline\x00\x01\x02 binary", "binary file"),
        ("Titular\n\nLima, 1 de agosto de 2017.- Año".encode("latin-1"), "not UTF-8"),
        (b"Headline\n\nA text with no date at all.", "gives no date"),
        (b"Headline only\n", "no text under it"),
    ],
)
def test_bad_files_get_one_line_and_exit_1(
    invoke: Invoke, tmp_path: Path, user_store: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = invoke("ingest", str(path), "--add")
    assert result.exit_code == 1
    assert message in one_line_error(result)
    assert not user_store.exists()


def test_an_undated_article_read_with_published_is_not_told_to_give_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"Headline\n\nA text with no date at all.")
    result = invoke("ingest", str(path), "--published", "2022-06-01")
    assert result.exit_code == 1
    message = one_line_error(result)
    assert "even read against --published 2022-06-01" in message
    assert "give --published" not in message


@pytest.mark.parametrize(
    ("option", "message"),
    [(["--url", "example.org"], "not a web address"), (["--published", "soon"], "soon")],
)
def test_bad_options_exit_2(invoke: Invoke, option: list[str], message: str) -> None:
    result = invoke("ingest", str(ARTICLE), *option)
    assert result.exit_code == 2
    assert message in one_line_error(result)


def test_published_gives_yearless_dates_their_year(invoke: Invoke) -> None:
    article = REPO_ROOT / "tests" / "articles" / "no-year.txt"
    assert invoke("ingest", str(article)).exit_code == 1
    result = invoke("ingest", str(article), "--published", "April 2022")
    drafts = json.loads(result.stdout)
    assert drafts[0]["date"] == "2022-05-03"
    assert drafts[0]["source"]["published"] == "2022-04"


def test_a_dateline_wins_over_published(invoke: Invoke) -> None:
    result = invoke("ingest", str(ARTICLE), "--published", "2020-01-01")
    assert json.loads(result.stdout)[0]["source"]["published"] == "2023-03-03"
    assert "has a dateline (2023-03-03); --published 2020-01-01 is not used" in result.stderr


def test_source_marks_the_quote_in_its_article(invoke: Invoke, bundled_path: Path) -> None:
    record_id = "2022-05-16-singapore-work-plan"
    result = invoke("source", record_id)
    assert result.exit_code == 0, result.stderr
    document = read(bundled_path)
    record = next(data for data in document["records"].values() if data["id"] == record_id)
    marked = result.stdout.split(">>>", 1)[1].split("<<<", 1)[0]
    assert " ".join(marked.split()) == " ".join(record["source"]["quote"].split())
    assert result.stdout.startswith(record["source"]["title"])


def test_source_json_says_where_the_quote_is(invoke: Invoke) -> None:
    result = invoke("source", "2022-07-01-xxvii-finance-ministers-meeting", "--json")
    document = json.loads(result.stdout)
    text = document["article"]["text"]
    start, end = document["quote"]["start"], document["quote"]["end"]
    assert text[start:end].startswith("On July 1, 2022, the XXVII Meeting")
    assert document["article"]["published"] == "2022-07-03"


def test_source_of_unknown_ids_and_records_without_an_article(invoke: Invoke, store: Path) -> None:
    assert invoke("source", "2099-nothing").exit_code == 3
    result = invoke("source", "2018-strategic-vision", "--db", str(store))
    assert result.exit_code == 1
    assert "keeps no article" in one_line_error(result)


def test_an_article_with_control_characters_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    text = ARTICLE.read_text(encoding="utf-8").replace("trade ministers", "trade \x1b[2Jministers")
    path.write_text(text, encoding="utf-8")
    result = invoke("ingest", str(path), "--add", "--db", str(tmp_path / "team.json"))
    assert result.exit_code == 1
    assert "control character \\x1b (line 1)" in one_line_error(result)
    assert "\x1b" not in result.stderr
    assert not (tmp_path / "team.json").exists()


def test_a_kept_article_is_written_with_its_control_characters_shown() -> None:
    out = io.StringIO()
    write_plain("Headline\n\nA \x1b[2Jtext\x07 with a quote.\n", (16, 26), out)
    assert out.getvalue() == "Headline\n\nA \\x1b[2J>>>text\\x07 with<<< a quote.\n"


def test_verify_checks_every_bundled_quote(invoke: Invoke, bundled_records: list[Any]) -> None:
    result = invoke("verify")
    assert result.exit_code == 0, result.stderr
    assert f"checked {len(bundled_records)} quote(s) against 10 article(s)" in result.stderr


def test_verify_names_each_record_whose_quote_is_not_found(invoke: Invoke, tmp_path: Path) -> None:
    store = tmp_path / "team.json"
    invoke("ingest", str(ARTICLE), "--add", "--db", str(store))
    document = read(store)
    first = document["records"]["1"]
    first["source"]["quote"] = first["source"]["quote"].replace("met today", "met yesterday")
    store.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("verify", "--db", str(store), "--json")
    assert result.exit_code == 3
    assert [row["record"] for row in json.loads(result.stdout)] == [first["id"]]
    assert f"record {first['id']}: quote not found" in result.stderr


def test_a_changed_article_makes_the_store_invalid(invoke: Invoke, tmp_path: Path) -> None:
    store = tmp_path / "team.json"
    invoke("ingest", str(ARTICLE), "--add", "--db", str(store))
    document = read(store)
    document["sources"]["1"]["text"] += "A sentence added later."
    store.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("validate", str(store))
    assert result.exit_code == 1
    assert "sha256: does not match the text" in result.stdout
    assert invoke("list", "--db", str(store)).exit_code == 1


def test_imported_records_keep_their_article_link_as_a_note(
    invoke: Invoke, make_store: StoreFactory, tmp_path: Path
) -> None:
    source = {"title": "T", "quote": "Q", "article": "2022-01-01-t", "published": None, "url": None}
    path = make_store([make_record("2022-01-01-one", source=source)])
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    assert "names article '2022-01-01-t', not kept here" in result.stderr
    verified = invoke("verify", "--db", str(path))
    assert verified.exit_code == 0
    assert "1 record(s) have no article kept in their store" in verified.stderr


def test_an_endless_device_is_refused_not_read(invoke: Invoke) -> None:
    result = invoke("ingest", "/dev/zero")
    assert result.exit_code == 1
    assert "is not a regular file" in result.stderr and len(result.stderr.splitlines()) == 1
