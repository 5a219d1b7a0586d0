"""Progress on stderr for work that takes more than a second: a Rich bar in a terminal, a few
plain lines otherwise. Nothing at all for work that ends sooner."""

from __future__ import annotations

import atexit
import sys
import time
from typing import Any

SHOW_AFTER_SECONDS = 1.0


class ProgressReport:
    """Called with (done, total); shows nothing until a second has passed."""

    def __init__(self, label: str, unit: str = "records") -> None:
        self.label = label
        self.unit = unit  # "records", or "bytes", shown in MB
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.last_quarter = 0
        self.finished = False
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        if total != self.total:  # the next piece of work (the user's store after the bundled)
            self.total, self.finished, self.last_quarter = total, False, 0
        if self.finished or time.monotonic() - self.started < SHOW_AFTER_SECONDS:
            return
        if sys.stderr.isatty():
            self._bar(done, total)
        else:
            quarter = 4 * done // max(total, 1)
            if quarter > self.last_quarter:
                self.last_quarter = quarter
                print(
                    f"pacli: {self.label}: {self._amount(done)} of {self._amount(total)}",
                    file=sys.stderr,
                )
        if done >= total:  # the end may be told twice (the last read, then the empty one)
            self.finished = True
            self.close()

    def _amount(self, count: int) -> str:
        if self.unit == "bytes":
            return f"{count / 1e6:,.0f} MB"
        return f"{count:,} {self.unit}"

    def _bar(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            atexit.register(self.close)  # stopped by Ctrl-C: the cursor comes back all the same
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
