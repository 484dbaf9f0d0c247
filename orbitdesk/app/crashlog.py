"""Exceptions stop at boundaries (ARCHITECTURE.md convention 15): one log, one way to report.

``install(data_dir)`` (once, before the window exists) sets up:

- ``orbitdesk.log``, a rotating log file in the user's data directory (logger ``orbitdesk``);
- ``faulthandler`` writing native crashes (segfaults, aborts) into a per-session file
  ``session-<pid>-<start>.txt`` in the same directory. The file is also the session marker: it
  stays locked while the session runs and is removed at a clean exit (``CrashLog.close``), so the
  next start knows whether the last session crashed and folds its dump into ``orbitdesk.log``;
- ``sys.excepthook``, ``threading.excepthook`` and ``sys.unraisablehook``, which log the traceback
  and tell the listeners (``CrashLog.add_listener``) in the GUI thread;
- a Qt message handler: Qt's warnings go to the log as well as to stderr.

``guarded(what)`` is the boundary for slots, timers and runner callbacks, as a decorator or a
``with`` block: an ``Exception`` inside is logged, reported to the listeners and swallowed (the
decorated function returns None), so nothing propagates into Qt's C++ frames.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import inspect
import logging
import logging.handlers
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: a session file left behind counts as a crash
    fcntl = None

LOG_NAME = "orbitdesk.log"
SESSION_PREFIX = "session-"
SESSION_SUFFIX = ".txt"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
SESSION_HEADER = "OrbitDesk session"

log = logging.getLogger("orbitdesk")

Listener = Callable[[str, str], None]


@dataclass(frozen=True)
class PreviousCrash:
    """How the last session ended when it did not end cleanly."""

    native: bool  # faulthandler wrote a dump (segfault, abort), else the process just vanished
    details: str  # the dump, or what is known
    log_path: Path

    @property
    def summary(self) -> str:
        how = "with a native crash" if self.native else "without closing cleanly"
        return f"OrbitDesk ended {how} last time; the log is at {self.log_path}"


def _summary(what: str, exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"Error while {what}: {type(exc).__name__}" + (f": {text}" if text else "")


class CrashLog:
    """What ``install`` set up; ``close(clean=True)`` at a clean exit undoes it."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.log_path = self.data_dir / LOG_NAME
        self.reports = 0  # how many problems were reported this session
        self._listeners: list[Listener] = []
        self._previous: PreviousCrash | None = None
        self._session_file = None
        self._session_path: Path | None = None
        self._handler: logging.Handler | None = None
        self._saved_hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
        self._faulthandler_was_enabled = faulthandler.is_enabled()
        self._bridge = None
        self._saved_qt_handler = None
        self._qt_handler_installed = False
        self._closed = False

    # --- reporting ---------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        """``listener(summary, details)`` is called in the GUI thread for every reported problem."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def report(self, what: str, exc: BaseException) -> None:
        """Log ``exc`` with its traceback and tell the listeners; never raises."""
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.report_text(_summary(what, exc), details)

    def report_text(self, summary: str, details: str) -> None:
        self.reports += 1
        with contextlib.suppress(Exception):
            log.error("%s\n%s", summary, details.rstrip())
        details = f"{details.rstrip()}\n\nThe log is at {self.log_path}"
        if self._bridge is not None and threading.current_thread() is not threading.main_thread():
            self._bridge.relay.emit(summary, details)  # queued into the GUI thread
        else:
            self._notify(summary, details)

    def _notify(self, summary: str, details: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(summary, details)
            except Exception:  # a broken listener must not hide the problem nor recurse
                with contextlib.suppress(Exception):
                    log.exception("a crash-log listener failed")

    # --- the last session --------------------------------------------------------------------
    def previous_crash(self) -> PreviousCrash | None:
        """Whether the session before this one crashed (native or not) and where the log is."""
        return self._previous

    # --- set up and tear down ----------------------------------------------------------------
    def _open(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._handler = logging.handlers.RotatingFileHandler(
            self.log_path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        self._handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(self._handler)
        if log.level == logging.NOTSET or log.level > logging.INFO:
            log.setLevel(logging.INFO)
        self._previous = self._collect_previous_sessions()
        stamp = time.strftime("%Y%m%dT%H%M%S")
        self._session_path = self.data_dir / f"{SESSION_PREFIX}{os.getpid()}-{stamp}{SESSION_SUFFIX}"
        self._session_file = open(self._session_path, "w+", encoding="utf-8")  # open for the process life
        if fcntl is not None:
            fcntl.flock(self._session_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._session_file.write(f"{SESSION_HEADER} pid {os.getpid()} started {time.ctime()}\n")
        self._session_file.flush()
        faulthandler.enable(file=self._session_file, all_threads=True)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        sys.unraisablehook = self._unraisablehook
        self._make_bridge()
        log.info("session started (pid %d, Python %s)", os.getpid(), sys.version.split()[0])

    def _make_bridge(self) -> None:
        try:
            from PySide6.QtCore import QObject, Signal
        except ImportError:  # pragma: no cover - the app always has Qt
            return

        class _Bridge(QObject):
            relay = Signal(str, str)

        self._bridge = _Bridge()
        self._bridge.relay.connect(self._notify)
        from PySide6.QtCore import qInstallMessageHandler

        self._saved_qt_handler = qInstallMessageHandler(_qt_message)
        self._qt_handler_installed = True

    def _collect_previous_sessions(self) -> PreviousCrash | None:
        """Session files whose process is gone (their lock is free): fold them into the log."""
        found: list[tuple[float, str]] = []
        for path in sorted(self.data_dir.glob(f"{SESSION_PREFIX}*{SESSION_SUFFIX}")):
            try:
                with open(path, "r+", encoding="utf-8", errors="replace") as f:
                    if fcntl is not None:
                        try:
                            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                        except OSError:
                            continue  # another OrbitDesk is running with it
                    text = f.read(200_000)
                    mtime = os.fstat(f.fileno()).st_mtime
                path.unlink()
            except OSError as e:
                log.warning("cannot read the session file %s: %s", path, e)
                continue
            found.append((mtime, text))
        if not found:
            return None
        _, text = max(found)
        lines = text.splitlines()
        dump = "\n".join(line for line in lines if not line.startswith(SESSION_HEADER)).strip()
        native = bool(dump)
        details = dump if native else (
            f"{lines[0] if lines else 'a session'} did not reach a clean exit (killed, power loss, "
            "or it is still hung); no native crash dump was written.")
        log.error("the previous session ended %s:\n%s",
                  "with a native crash" if native else "without a clean exit", details)
        return PreviousCrash(native, details, self.log_path)

    def close(self, clean: bool = True) -> None:
        """Undo ``install``; with ``clean`` the session marker is removed (a clean exit)."""
        if self._closed:
            return
        self._closed = True
        log.info("session ended %s", "cleanly" if clean else "without a clean exit")
        sys.excepthook, threading.excepthook, sys.unraisablehook = self._saved_hooks
        if faulthandler.is_enabled():
            faulthandler.disable()
        if self._faulthandler_was_enabled and sys.__stderr__ is not None:
            with contextlib.suppress(Exception):
                faulthandler.enable(file=sys.__stderr__, all_threads=True)
        if self._session_file is not None:
            self._session_file.close()
            if clean and self._session_path is not None:
                self._session_path.unlink(missing_ok=True)
        if self._handler is not None:
            log.removeHandler(self._handler)
            self._handler.close()
        if self._bridge is not None:
            self._bridge.deleteLater()
            self._bridge = None
        if self._qt_handler_installed:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(self._saved_qt_handler)
            self._qt_handler_installed = False
        global _current
        if _current is self:
            _current = None

    # --- the hooks ---------------------------------------------------------------------------
    def _excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._saved_hooks[0](exc_type, exc, tb)
            return
        self.report("running OrbitDesk", exc if exc is not None else exc_type())

    def _thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "a worker thread"
        self.report(f"working in the thread {name}", args.exc_value or args.exc_type())

    def _unraisablehook(self, unraisable) -> None:
        with contextlib.suppress(Exception):
            details = "".join(traceback.format_exception(
                unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))
            log.error("unraisable exception (%s): %s", unraisable.err_msg or "", details)


def _qt_message(mode, context, message: str) -> None:
    """Qt's own warnings (a failed OpenGL context, a missing plugin) go to the log too."""
    with contextlib.suppress(Exception):
        level = {"QtDebugMsg": logging.DEBUG, "QtInfoMsg": logging.INFO, "QtWarningMsg": logging.WARNING}.get(
            getattr(mode, "name", ""), logging.ERROR)
        where = f" ({context.file}:{context.line})" if getattr(context, "file", None) else ""
        logging.getLogger("orbitdesk.qt").log(level, "%s%s", message, where)
        if level >= logging.WARNING and sys.__stderr__ is not None:
            print(message, file=sys.__stderr__)  # as Qt's default handler does


_current: CrashLog | None = None


def install(data_dir: Path) -> CrashLog:
    """Set up the log, the native-crash file and the hooks; returns the process's ``CrashLog``.
    A second call closes the first (tests)."""
    global _current
    if _current is not None:
        _current.close(clean=True)
    crash_log = CrashLog(data_dir)
    crash_log._open()
    _current = crash_log
    return crash_log


def current() -> CrashLog | None:
    return _current


def report(what: str, exc: BaseException) -> None:
    """Report through the installed ``CrashLog``, or only log when none is installed."""
    if _current is not None:
        _current.report(what, exc)
    else:  # no crash log (tests, a library use): the interpreter's hook, so nothing goes unseen
        log.error("%s", _summary(what, exc), exc_info=(type(exc), exc, exc.__traceback__))
        with contextlib.suppress(Exception):
            sys.excepthook(type(exc), exc, exc.__traceback__)


class guarded(contextlib.ContextDecorator):
    """``@guarded("applying an edit")`` or ``with guarded("…"):`` — the boundary before Qt.

    As a decorator it passes a slot only as many positional arguments as it accepts (as Qt does
    for a plain function: ``clicked(bool)`` may call ``def slot(self)``)."""

    def __init__(self, what: str):
        self.what = what

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        report(self.what, exc)
        return True

    def __call__(self, func):
        limit = _positional_limit(func)

        @functools.wraps(func)
        def boundary(*args, **kwargs):
            if limit is not None:
                args = args[:limit]
            with self:
                return func(*args, **kwargs)
            return None

        return boundary


def _positional_limit(func) -> int | None:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
