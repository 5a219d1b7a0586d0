"""The processes running on this machine (Linux's /proc): for measuring a command that starts
others, and for tests that check none is left behind."""

from __future__ import annotations

from pathlib import Path


def parents() -> dict[int, int]:
    """Each running process's id -> its parent's id."""
    found: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            found[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return found


def descendants(root: int) -> set[int]:
    """`root` and every process it started, and they started, that is still running."""
    known = parents()
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in known.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return tree
