"""Autosave: every minute (by default) a modified document is written, atomically, to the
user's data directory, one file per running instance.

Each instance writes ``autosave-<pid>-<start>.orbitdesk.json`` and holds an ``fcntl`` lock on
``autosave-<pid>-<start>.lock`` for its life, so one instance never takes or deletes another's
file. A clean exit (``discard``) removes the instance's file; an autosave whose lock is free at
start belongs to a session that did not end cleanly (an orphan). ``pending`` offers the newest
orphan and claims it (another instance starting at the same time will not offer it too).

An autosave is loaded defensively: any failure (bad JSON, 50,000 levels of nesting, a 5,000-digit
integer, binary junk, a file past ``MAX_AUTOSAVE_BYTES``) moves it aside as
``autosave-<time>.corrupt.json``, logs why and goes on. A file is renamed to ``*.checking`` while
it is parsed, so one that crashes the parser natively is moved aside at the next start instead of
crashing every start. Writing fails loudly: ``save_now`` returns False, ``last_error`` and the
``problem`` signal carry a message for the status bar, and the log has it. Stale temporary files
of interrupted autosaves are removed at start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from orbitdesk.model.fileformat import (
    MAX_FILE_BYTES,
    read_text_bounded,
    replace_atomically,
    scenario_from_json,
    scenario_to_json,
)
from orbitdesk.model.scenario import Scenario

try:
    import fcntl
except ImportError:  # not POSIX: every other instance's file is left alone, nothing is offered
    fcntl = None

log = logging.getLogger("orbitdesk.autosave")

PREFIX = "autosave"
SUFFIX = ".orbitdesk.json"
LEGACY_NAME = "autosave.orbitdesk.json"  # before one file per instance
CHECKING = ".checking"
MAX_AUTOSAVE_BYTES = MAX_FILE_BYTES
KEEP_CORRUPT = 5  # copies moved aside that are kept (the oldest go)
STALE_TMP_S = 3600  # temporary files this old whose instance is gone are removed


def _lock_path(autosave: Path) -> Path:
    name = autosave.name.removesuffix(CHECKING).removesuffix(SUFFIX)
    return autosave.with_name(name + ".lock")


def _try_lock(path: Path) -> int | None:
    """An fd holding an exclusive lock on ``path`` (created if missing), or None if it is taken."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _release(fd: int | None, path: Path | None = None) -> None:
    if fd is None:
        return
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()
    with contextlib.suppress(OSError):
        os.close(fd)


def load_autosave(path: Path) -> Scenario:
    """Parse one autosave; raises ``ValueError`` with the reason on anything short of a scenario."""
    try:  # bounded like any scenario file: a regular file of at most MAX_AUTOSAVE_BYTES
        return scenario_from_json(read_text_bounded(path, MAX_AUTOSAVE_BYTES), str(path))
    except Exception as e:  # RecursionError, ValueError (digits), MemoryError, UnicodeDecodeError…
        raise ValueError(f"{type(e).__name__}: {str(e)[:300]}") from None


class Autosaver(QObject):
    problem = Signal(str)  # a message for the status bar; "" once autosaving works again

    def __init__(self, document, directory: Path, interval_s: int = 60, parent=None):
        super().__init__(parent)
        self._document = document
        self.directory = Path(directory)
        self.last_error = ""
        self._lock_fd: int | None = None
        self._claimed: tuple[Path, int] | None = None  # the orphan pending() offered, its lock
        self.moved_aside: list[Path] = []  # unreadable autosaves pending() moved aside (to tell the user)
        self.path = self._own_path()
        self._timer = QTimer(self)
        self.set_interval(interval_s)
        self._timer.timeout.connect(self._tick)

    # --- this instance's file ----------------------------------------------------------------
    def _own_path(self) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for n in range(1000):
            name = f"{PREFIX}-{os.getpid()}-{stamp}" + (f"-{n}" if n else "")
            path = self.directory / (name + SUFFIX)
            if self._ensure_directory(report=False):
                lock = _lock_path(path)
                if lock.exists() or path.exists():
                    continue
                self._lock_fd = _try_lock(lock)  # None in a read-only folder: save_now says so
            return path
        raise RuntimeError("no free autosave name")  # pragma: no cover - 1,000 in one second

    def _ensure_directory(self, report: bool = True) -> bool:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            if report:
                self._fail(f"cannot create the autosave folder {self.directory}: {e.strerror or e}")
            return False
        return True

    def _fail(self, what: str) -> None:
        message = (f"Autosave failed: {what}. Unsaved changes are not protected: save the scenario "
                   "(File ▸ Save) or make the folder writable.")
        log.error("%s", message)
        changed = message != self.last_error
        self.last_error = message
        if changed:
            self.problem.emit(message)

    def _succeeded(self) -> None:
        if self.last_error:
            self.last_error = ""
            log.info("autosave works again: %s", self.path)
            self.problem.emit("")

    # --- the API the window uses -------------------------------------------------------------
    def set_interval(self, interval_s: int) -> None:
        self._timer.setInterval(max(int(interval_s), 1) * 1000)

    def start(self) -> str:
        """Start the timer (and save a restored, modified document at once). Returns the problem
        with the autosave folder, or ""."""
        self._timer.start()
        if self._document.modified:
            self.save_now()
        elif self._ensure_directory() and self._lock_fd is None and fcntl is not None:
            self._lock_fd = _try_lock(_lock_path(self.path))  # the folder appeared after __init__
        return self.last_error

    def _tick(self) -> None:
        try:
            self.save_now()
        except Exception as e:  # a timer callback: nothing may reach Qt's C++ frames
            self._fail(f"{type(e).__name__}: {e}")

    def save_now(self) -> bool:
        """Write the document if it has unsaved changes; True if written. On failure False, with
        the reason in ``last_error`` (and the ``problem`` signal, and the log)."""
        if not self._document.modified:
            return False
        if not self._ensure_directory():
            return False
        if self._lock_fd is None and fcntl is not None:
            self._lock_fd = _try_lock(_lock_path(self.path))
        tmp = self.path.with_name(f".{self.path.name.removesuffix(SUFFIX)}.tmp")
        try:
            text = scenario_to_json(self._document.scenario)
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            replace_atomically(tmp, self.path)
        except OSError as e:
            with contextlib.suppress(OSError):
                tmp.unlink()
            self._fail(f"cannot write {self.path}: {e.strerror or e}")
            return False
        self._succeeded()
        return True

    def pending(self) -> Scenario | None:
        """The scenario a crashed session left behind (the newest orphan), or None. Unreadable
        orphans are moved aside (``autosave-<time>.corrupt.json``); stale temporary files go."""
        try:
            if not self.directory.is_dir():
                return None
            self._clean_stale()
            self._release_claim()
            return self._take_newest_orphan()
        except Exception:  # the start goes on whatever the folder holds
            log.exception("cannot look for autosaves in %s", self.directory)
            return None

    def _take_newest_orphan(self) -> Scenario | None:
        for path, fd in self._orphans():
            checking = path.with_name(path.name + CHECKING)
            try:
                os.replace(path, checking)  # a native crash while parsing: moved aside next start
            except OSError:
                checking = path  # a read-only folder: read it where it is
            try:
                scenario = load_autosave(checking)
                if checking != path:
                    os.replace(checking, path)
            except (OSError, ValueError) as e:
                self._move_aside(checking if checking.exists() else path, str(e))
                _release(fd, _lock_path(path))
                continue
            self._claimed = (path, fd)
            log.info("offering the autosave %s", path)
            return scenario
        return None

    def discard(self) -> None:
        """Remove this instance's autosave and the orphan ``pending`` offered; stop the timer
        until ``start``."""
        self._timer.stop()
        try:
            self.path.unlink(missing_ok=True)
        except OSError as e:  # e.g. the folder is not there: nothing to remove
            log.warning("cannot remove the autosave %s: %s", self.path, e)
        self._release_claim(remove=True)

    def abandon(self) -> None:
        """Stop and let go of this instance's file without removing it, as a crash would: the
        next start (or another instance's ``pending``) finds it as an orphan."""
        self._timer.stop()
        _release(self._lock_fd)
        self._lock_fd = None
        self._release_claim()

    # --- orphans ------------------------------------------------------------------------------
    def _orphans(self) -> Iterator[tuple[Path, int | None]]:
        """Other sessions' autosaves whose lock is free, newest first, each locked as it comes
        (lazily: those after the one taken stay free)."""
        candidates = [p for p in self.directory.glob(f"{PREFIX}*{SUFFIX}")
                      if p != self.path and not p.name.endswith(".corrupt.json")]
        candidates += list(self.directory.glob(f"{PREFIX}*{SUFFIX}{CHECKING}"))
        for path in sorted(candidates, key=_mtime, reverse=True):
            fd = _try_lock(_lock_path(path))
            if fd is None and fcntl is not None:
                continue  # a running instance's
            if path.name.endswith(CHECKING):  # the last start died while parsing it
                self._move_aside(path, "the previous start stopped while reading it")
                _release(fd, _lock_path(path))
                continue
            yield path, fd

    def _release_claim(self, remove: bool = False) -> None:
        if self._claimed is None:
            return
        path, fd = self._claimed
        self._claimed = None
        if remove:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        _release(fd, _lock_path(path) if remove else None)

    def _move_aside(self, path: Path, why: str) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.directory / f"{PREFIX}-{stamp}.corrupt.json"
        n = 1
        while target.exists():
            target = self.directory / f"{PREFIX}-{stamp}-{n}.corrupt.json"
            n += 1
        try:
            os.replace(path, target)
        except OSError as e:
            log.error("cannot move the unreadable autosave %s aside (%s); removing it", path, e)
            with contextlib.suppress(OSError):
                path.unlink()
            return
        log.error("the autosave %s could not be read (%s); moved aside to %s", path, why, target)
        self.moved_aside.append(target)
        for old in sorted(self.directory.glob(f"{PREFIX}-*.corrupt.json"), key=_mtime)[:-KEEP_CORRUPT]:
            with contextlib.suppress(OSError):
                old.unlink()

    def _clean_stale(self) -> None:
        """Temporary files of interrupted autosaves (theirs or fileformat's), and lock files with
        no autosave, whose instance is gone."""
        own = _lock_path(self.path)
        now = time.time()
        for tmp in self.directory.glob(f".{PREFIX}*.tmp"):
            stem = tmp.name[1:].removesuffix(".tmp")
            lock = self.directory / (stem + ".lock")
            if lock == own:
                continue
            fd = _try_lock(lock) if lock.exists() else None
            gone = fd is not None or (not lock.exists() and now - _mtime(tmp) > STALE_TMP_S)
            if fd is not None:
                _release(fd, lock if not (self.directory / (stem + SUFFIX)).exists() else None)
            if gone:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                log.info("removed the stale temporary file %s", tmp)
        for lock in self.directory.glob(f"{PREFIX}*.lock"):
            if lock == own or any(lock.parent.glob(lock.name.removesuffix(".lock") + SUFFIX + "*")):
                continue
            fd = _try_lock(lock)
            if fd is not None:
                _release(fd, lock)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
