"""The rows of a cache being built, in batches. For a large store they are made in a second
process (forked) while this one writes them into SQLite: reading, checking and converting the
store is Python, inserting is SQLite's C, and on two cores the two run side by side. Elsewhere
than Linux (a fork is unsafe on macOS, absent on Windows) or for a small store, they are made
here."""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from pacli.callbacks import Progress
from pacli.errors import PacliError, StoreError
from pacli.model.records import Record
from pacli.storage.catalog import CatalogRows, catalog_rows

BATCH = 2000  # records written to the cache at a time
# Below this, a build takes a second or two and a second process would not pay for itself.
WORKER_MIN_BYTES = 16 << 20
PROGRESS_SECONDS = 0.1
AHEAD = 4  # batches the worker may have made before they are inserted: evens out the two paces

# (rowid, record) of each record, validated, telling a Progress how far it has read.
StreamRecords = Callable[[Progress | None], Iterator[tuple[int, Record]]]


def catalog_batches(
    stream_records: StreamRecords, progress: Progress | None, *, store_bytes: int
) -> Iterator[CatalogRows]:
    """The catalog's rows of every record `stream_records` gives, BATCH records at a time; the
    errors of the stream (StoreError) are raised, and `progress` hears how far it has read,
    here, whichever process read it."""
    if store_bytes < WORKER_MIN_BYTES or not sys.platform.startswith("linux"):
        return _batches(stream_records, progress)
    return _from_worker(stream_records, progress)


def _batches(stream_records: StreamRecords, progress: Progress | None) -> Iterator[CatalogRows]:
    batch: list[tuple[int, Record]] = []
    for numbered in stream_records(progress):
        batch.append(numbered)
        if len(batch) == BATCH:
            yield catalog_rows(batch)
            batch = []
    yield catalog_rows(batch)


def _from_worker(stream_records: StreamRecords, progress: Progress | None) -> Iterator[CatalogRows]:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    sys.stdout.flush()  # the fork must not write again what this process has buffered
    sys.stderr.flush()
    worker = context.Process(target=_work, args=(stream_records, sender, receiver), daemon=True)
    worker.start()
    sender.close()
    try:
        while True:
            try:
                kind, value = receiver.recv()
            except EOFError:
                raise PacliError("the process reading the store stopped unexpectedly") from None
            if kind == "rows":
                yield value
            elif kind == "progress":
                if progress is not None:
                    progress(*value)
            elif kind == "done":
                return
            elif kind == "store":
                raise StoreError(value)
            elif kind == "os":
                raise OSError(value)  # as if read here: the store is read without its cache
            else:
                raise PacliError(f"internal error while reading the store: {value}")
    finally:
        receiver.close()
        worker.terminate()  # a no-op once it has finished
        worker.join()


def _work(stream_records: StreamRecords, sender: Any, receiver: Any) -> None:
    """In the worker: make each batch's rows and post them, then `done` or what went wrong."""
    import signal

    receiver.close()  # a parent that dies then breaks the pipe, and this process ends
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
    _leave_stdout()
    outbox = _Outbox(sender)
    try:
        for rows in _batches(stream_records, _ProgressSent(outbox)):
            if not outbox.post(("rows", rows)):
                return
        outcome: tuple[str, str | None] = ("done", None)
    except PacliError as error:
        outcome = ("store", error.message)
    except OSError as error:
        outcome = ("os", str(error))
    except Exception as error:  # the parent says it; a traceback here would reach the user
        if os.environ.get("PACLI_DEBUG"):
            traceback.print_exc()
        outcome = ("failed", f"{type(error).__name__}: {error}")
    if outbox.post(outcome):
        outbox.feeder.join()


def _leave_stdout() -> None:
    """Point this process's stdout at /dev/null: it writes nothing there, and whoever reads the
    parent's output must see it end when the parent ends."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)


class _Outbox:
    """What the worker sends, queued: a thread sends it, so that making rows goes on while the
    inserts are slower (at most AHEAD messages wait)."""

    def __init__(self, sender: Any) -> None:
        import queue
        import threading

        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD)
        self.feeder = threading.Thread(target=self._feed, args=(sender,), daemon=True)
        self.feeder.start()

    def post(self, message: tuple[str, Any]) -> bool:
        """Queue a message; False once the feeder has stopped (the parent is gone)."""
        import queue

        while self.feeder.is_alive():
            try:
                self.queue.put(message, timeout=1.0)
                return True
            except queue.Full:
                continue
        return False

    def _feed(self, sender: Any) -> None:
        with contextlib.suppress(OSError):  # the parent closed the pipe: it has stopped
            while True:
                message = self.queue.get()
                sender.send(message)
                if message[0] not in ("rows", "progress"):
                    return


class _ProgressSent:
    """The worker's Progress: how far it has read, sent to the parent (which alone draws on the
    terminal) at most every PROGRESS_SECONDS."""

    def __init__(self, outbox: _Outbox) -> None:
        self.outbox, self.sent = outbox, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self.sent >= PROGRESS_SECONDS:
            self.sent = now
            self.outbox.post(("progress", (done, total)))
