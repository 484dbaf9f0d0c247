"""Exceptions stop at boundaries: guarded slots, the hooks, the log file and the native-crash file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from orbitdesk.app import crashlog
from orbitdesk.app.crashlog import guarded


class Emitter(QObject):
    fired = Signal(int)


@pytest.fixture
def crash(tmp_path):
    c = crashlog.install(tmp_path / "data")
    reports: list[tuple[str, str, str]] = []
    c.add_listener(lambda s, d: reports.append((s, d, threading.current_thread().name)))
    c.reports_seen = reports
    yield c
    c.close(clean=True)


def log_text(c) -> str:
    for h in crashlog.log.handlers:
        h.flush()
    return c.log_path.read_text(encoding="utf-8")


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=60)


def test_exception_in_a_guarded_slot_is_logged_reported_and_the_loop_goes_on(crash, qtbot):
    emitter = Emitter()
    after = []

    @guarded("applying the test edit")
    def slot(value):
        raise ZeroDivisionError(f"edit {value} divided by zero")

    emitter.fired.connect(slot)
    emitter.fired.connect(after.append)  # a later slot on the same signal still runs
    QTimer.singleShot(0, lambda: emitter.fired.emit(7))
    qtbot.waitUntil(lambda: after == [7], timeout=2000)
    QTimer.singleShot(0, lambda: emitter.fired.emit(8))  # the event loop is alive
    qtbot.waitUntil(lambda: after == [7, 8], timeout=2000)

    assert [r[0] for r in crash.reports_seen] == [
        "Error while applying the test edit: ZeroDivisionError: edit 7 divided by zero",
        "Error while applying the test edit: ZeroDivisionError: edit 8 divided by zero"]
    summary, details, thread = crash.reports_seen[0]
    assert "Traceback" in details and "in slot" in details and str(crash.log_path) in details
    assert thread == "MainThread"
    text = log_text(crash)
    assert "ZeroDivisionError: edit 7 divided by zero" in text and 'in slot' in text


@pytest.mark.qt_no_exception_capture
def test_an_unguarded_slot_reaches_the_excepthook(crash, qtbot):
    emitter = Emitter()

    def slot(value):
        raise KeyError(f"shell {value}")

    emitter.fired.connect(slot)
    QTimer.singleShot(0, lambda: emitter.fired.emit(3))
    qtbot.waitUntil(lambda: len(crash.reports_seen) == 1, timeout=2000)
    assert crash.reports_seen[0][0] == "Error while running OrbitDesk: KeyError: 'shell 3'"
    assert "KeyError: 'shell 3'" in log_text(crash)


def test_a_worker_thread_exception_is_reported_in_the_gui_thread(crash, qtbot):
    def work():
        raise RuntimeError("worker gave up")

    t = threading.Thread(target=work, name="orbitdesk-test-worker")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(crash.reports_seen) == 1, timeout=2000)
    summary, _details, thread = crash.reports_seen[0]
    assert summary == "Error while working in the thread orbitdesk-test-worker: RuntimeError: worker gave up"
    assert thread == "MainThread"  # listeners may touch widgets


def test_guarded_returns_none_passes_only_accepted_arguments_and_lets_base_exceptions_out(crash):
    @guarded("clicking")
    def no_args():
        return "ran"

    assert no_args(True) == "ran"  # clicked(bool) into a slot that takes nothing

    @guarded("failing")
    def fails():
        raise ValueError("bad")

    assert fails() is None
    with guarded("a block"):
        raise OSError("disk")
    assert [r[0].split(":")[0] for r in crash.reports_seen] == ["Error while failing", "Error while a block"]
    with pytest.raises(KeyboardInterrupt), guarded("interrupted"):
        raise KeyboardInterrupt


def test_a_listener_that_fails_does_not_hide_the_problem(crash):
    crash.add_listener(lambda s, d: 1 / 0)
    crash.add_listener(lambda s, d: crash.reports_seen.append(("second", d, "")))
    with guarded("testing"):
        raise ValueError("first")
    assert [r[0] for r in crash.reports_seen][-1] == "second"
    assert "a crash-log listener failed" in log_text(crash)


def test_a_native_crash_is_written_and_reported_at_the_next_start(tmp_path):
    data = tmp_path / "data"
    r = run_python(f"""
        from pathlib import Path
        from orbitdesk.app import crashlog
        crashlog.install(Path({str(data)!r}))
        import faulthandler
        faulthandler._sigsegv()
    """)
    assert r.returncode != 0
    sessions = list(data.glob("session-*.txt"))
    assert len(sessions) == 1 and "Segmentation fault" in sessions[0].read_text()

    c = crashlog.install(data)
    try:
        previous = c.previous_crash()
        assert previous is not None and previous.native
        assert "Segmentation fault" in previous.details
        assert previous.summary == f"OrbitDesk ended with a native crash last time; the log is at {c.log_path}"
        assert "previous session ended with a native crash" in log_text(c)
        assert "Segmentation fault" in log_text(c)
        assert list(data.glob("session-*.txt")) == [c._session_path]  # the old file folded into the log
    finally:
        c.close(clean=True)
    assert list(data.glob("session-*.txt")) == []  # a clean exit removes the marker
    c = crashlog.install(data)
    try:
        assert c.previous_crash() is None  # reported once
    finally:
        c.close(clean=True)


def test_a_session_that_vanished_without_a_clean_exit_is_reported(tmp_path):
    data = tmp_path / "data"
    r = run_python(f"""
        import os
        from pathlib import Path
        from orbitdesk.app import crashlog
        crashlog.install(Path({str(data)!r}))
        os._exit(0)  # no clean exit: like a kill -9
    """)
    assert r.returncode == 0, r.stderr
    c = crashlog.install(data)
    try:
        previous = c.previous_crash()
        assert previous is not None and not previous.native
        assert previous.summary.startswith("OrbitDesk ended without closing cleanly last time")
    finally:
        c.close(clean=True)


def test_a_clean_exit_is_not_a_crash_and_a_running_session_is_left_alone(tmp_path):
    data = tmp_path / "data"
    r = run_python(f"""
        from pathlib import Path
        from orbitdesk.app import crashlog
        crashlog.install(Path({str(data)!r})).close(clean=True)
    """)
    assert r.returncode == 0, r.stderr
    running = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from orbitdesk.app import crashlog
        crashlog.install(Path({str(data)!r}))
        print("up", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert running.stdout.readline().strip() == "up"
        c = crashlog.install(data)
        try:
            assert c.previous_crash() is None
            assert len(list(data.glob("session-*.txt"))) == 2  # the other instance's marker stays
        finally:
            c.close(clean=True)
    finally:
        running.stdin.close()
        running.wait(timeout=30)


def test_qt_warnings_go_to_the_log(crash):
    from PySide6.QtCore import qWarning

    qWarning("QOpenGLWidget: the test's own warning")
    assert "WARNING orbitdesk.qt: QOpenGLWidget: the test's own warning" in log_text(crash)
    assert crash.reports_seen == []  # a warning is not a problem to show
