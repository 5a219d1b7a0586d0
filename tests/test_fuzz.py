"""Random stores and import files (random JSON shapes and values, random bytes, random Unicode with
control characters and surrogates): every command succeeds or exits 1, 2 or 3 with a one-line
error, no failed command changes a store, and `validate` flags every store another command
refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import LIMA_SUMMIT, Invoke, make_record

pytestmark = pytest.mark.slow

TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
    max_size=12,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
FIELDS = ["id", "type", "title", "date", "end_date", "date_basis", "countries", "people",
          "tags", "summary", "related", "source", "colour"]  # fmt: skip


@st.composite
def records(draw: st.DrawFn, number: int) -> Any:
    """A record that is valid, or valid but for a few fields given random values."""
    record: dict[str, Any] = make_record(f"2022-01-0{number % 9 + 1}-r{number}")
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        record[name] = draw(JSON | TEXT)
    return draw(st.just(record) | JSON) if draw(st.booleans()) else record


@st.composite
def store_contents(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["store", "store", "json", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        return json.dumps(draw(JSON)).encode()
    table = {str(n + 1): draw(records(n)) for n in range(draw(st.integers(0, 4)))}
    return json.dumps({"records": table}).encode()


@st.composite
def import_contents(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".json", ".jsonl", ".csv"]))
    items = [draw(records(n)) for n in range(draw(st.integers(0, 3)))]
    if suffix == ".json":
        return suffix, json.dumps(items).encode()
    if suffix == ".jsonl":
        return suffix, "\n".join(json.dumps(item) for item in items).encode()
    header = "id,type,title,date,countries,summary,people\n"
    cells = draw(st.lists(st.lists(TEXT, min_size=7, max_size=7), max_size=3))
    rows = "\n".join(",".join(json.dumps(cell) for cell in row) for row in cells)
    return suffix, (header + rows).encode("utf-8", "surrogatepass")


READS = [
    ["list", "--json"],
    ["search", "r0", "--json"],
    ["stats", "--json"],
    ["timeline", "--json"],
    ["countries", "--json"],
    ["export", "-f", "csv"],
    ["export", "-f", "markdown"],
    ["export", "-f", "ics"],
    ["list", "--format", "table"],
]
WRITES = [["add", *LIMA_SUMMIT], ["remove", "2022-01-01-r0", "--yes"],
          ["edit", "2022-01-01-r0", "--title", "T"]]  # fmt: skip


def check_outcome(result: Any, command: list[str]) -> None:
    assert result.exit_code in (0, 1, 2, 3), (command, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (
        command,
        result.stderr,
    )
    if result.exit_code and command[0] not in ("import", "validate"):
        assert len(result.stderr.strip().splitlines()) == 1, (command, result.stderr)
    if result.exit_code == 0 and "--json" in command:
        json.loads(result.stdout)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=store_contents(), to_import=import_contents())
def test_every_command_on_a_random_store(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory, content: bytes,
    to_import: tuple[str, bytes],
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("fuzz")
    store = folder / "store.json"
    store.write_bytes(content)
    refused = False
    for command in READS:
        result = invoke(*command, "--db", str(store))
        check_outcome(result, command)
        refused = refused or (result.exit_code == 1 and "store" in result.stderr)
    validated = invoke("validate", "--db", str(store))
    check_outcome(validated, ["validate"])
    if refused:
        assert validated.exit_code == 1, "validate passed a store another command refused"
    suffix, imported = to_import
    import_file = folder / f"in{suffix}"
    import_file.write_bytes(imported)
    for command in [*WRITES, ["import", str(import_file)]]:
        before = store.read_bytes()
        result = invoke(*command, "--db", str(store))
        check_outcome(result, command)
        if result.exit_code:
            assert store.read_bytes() == before, command


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(to_import=import_contents())
def test_validate_flags_every_import_file_import_refuses(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory, to_import: tuple[str, bytes]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-import")
    suffix, content = to_import
    path = folder / f"in{suffix}"
    path.write_bytes(content)
    imported = invoke("import", str(path), "--db", str(folder / "target.json"), "--dry-run")
    check_outcome(imported, ["import"])
    validated = invoke("validate", str(path))
    check_outcome(validated, ["validate"])
    if imported.exit_code == 1:
        assert validated.exit_code == 1, imported.stderr
    assert not (folder / "target.json").exists() or imported.exit_code == 0


def test_the_fuzzer_makes_valid_stores_too(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    store.write_text(json.dumps({"records": {"1": make_record("2022-01-01-r0")}}))
    assert json.loads(store.read_text())["records"]["1"]["id"] == "2022-01-01-r0"
