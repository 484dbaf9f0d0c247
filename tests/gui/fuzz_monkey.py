"""A seeded monkey that drives the real main window through its widgets (issue 8, item 3).

``Monkey(window, seed, workdir)`` chooses each action from what the window shows at that moment
(the tree's model, the fields of the visible editor tab, the combo entries, the sliders, the
actions of the menus), performs it through the widget, logs it as ``(name, arguments)`` and then
checks the invariants:

- nothing was reported to ``sys.excepthook`` / ``threading.excepthook`` and Qt printed no
  critical message (``Recorder``; PySide reports slot exceptions through ``sys.excepthook`` and
  the document reports a failed undo command there too);
- the document's scenario is valid: ``Scenario.model_validate(s.model_dump()) == s``;
- the views show the document's scenario: the tree has one item per part, named after it, and
  its current item is the document's selection; every editor field shows the value at its bound
  path, the bound parts are the selected ones; the one-orbit caption names the selected shell;
  the runner's last evaluation was of the current scenario and the KPI table shows its result;
- a typed number is either applied exactly as typed or refused in red, and nothing else changes;
  a bad file changes nothing; an empty undo stack means the scenario of the last New/Open.

``finish()`` undoes to the start (the scenario of the last reset must come back exactly) and
redoes to the end. ``replay(actions)`` performs a recorded list again (a failure message carries
the seed and the last actions; ``Monkey.log`` holds all of them).
"""

from __future__ import annotations

import gc
import json
import math
import random
import re
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QSlider,
    QTabWidget,
)

from orbitdesk.model.scenario import Scenario
from orbitdesk.paths import resource

TAIL = 30  # actions shown with a failure

WEIGHTS = {
    "select": 14, "type": 24, "combo": 8, "slider": 8, "slider_key": 2, "tab": 5, "undo": 8,
    "redo": 5, "place": 5, "drag": 2, "delete": 4, "duplicate": 3, "new": 1.0, "import_tle": 2,
    "open": 2, "save": 1, "resize": 1.5, "warning": 2, "view_tab": 2,
    "gc": 1, "study": 4, "compare": 2,
}
COMPARE_OPS = ("file", "file", "bad_file", "snapshot", "stop", "report", "czml")
STUDY_OPS = ("add", "add", "setup", "run", "run_threaded", "cancel", "click", "remove", "file")
STUDY_KINDS = ("sweep", "monte_carlo", "tornado", "break_even", "pareto")

SIZES = ((1366, 768), (1920, 1200), (1400, 900), (320, 240), (800, 600))

# what a user may type; numbers near the current value are added by the chooser
DATE_TEXTS = ("2027-06-01", "2027-06-01 12:30", "2030-12-31T23:59Z", "1899-01-01", "2049-01-01",
              "2060-01-01", "2027-02-30", "June", "2027-06-01 25:00")
ODD_TEXTS = ("1,5", "2,25", "1,000", "1e400", "-1e400", "inf", "-inf", "nan", "9" * 400, "", "abc", "-1",
             "-0", "0", "1e308", "5e-324", "1e-12", "3.0", "2.5", " 42 ", "1_000", "0x10", "½", "∞",
             "١٢٣", "12 km", "１２", "1e5", "-273.15", "100000000000000000000", "\u202e12", "💥")

CRASH_WORDS = ("QObject::", "QPainter::", "Internal C++ object", "already deleted", "Invalid parameter",
               "QWidget::repaint: Recursive", "QBackingStore", "recursion")


class Failure(AssertionError):
    """An invariant that does not hold (the message names it)."""


# --- exceptions and Qt messages --------------------------------------------------------------

class Recorder:
    """Collects what ``sys.excepthook``, ``threading.excepthook`` and Qt's message handler see."""

    def __init__(self):
        self.problems: list[str] = []
        self.qt_messages: list[str] = []

    def _excepthook(self, exc_type, exc, tb):
        self.problems.append("".join(traceback.format_exception(exc_type, exc, tb)))

    def _thread_hook(self, args):
        self.problems.append(f"in thread {args.thread.name if args.thread else '?'}:\n" + "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))

    def _qt_handler(self, mode, context, message):
        text = f"Qt {mode.name}: {message}"
        self.qt_messages.append(text)
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) or any(w in message for w in CRASH_WORDS):
            self.problems.append(text)

    @contextmanager
    def installed(self):
        saved = sys.excepthook, threading.excepthook
        sys.excepthook, threading.excepthook = self._excepthook, self._thread_hook
        previous = qInstallMessageHandler(self._qt_handler)
        try:
            yield self
        finally:
            sys.excepthook, threading.excepthook = saved
            qInstallMessageHandler(previous)

    def take(self) -> list[str]:
        out, self.problems = self.problems, []
        return out


class RunnerSpy:
    """The compute runner's two stages, recorded: what was evaluated last, and what came of it."""

    def __init__(self):
        from orbitdesk.core import epoch_orbits, evaluate

        self._first, self._full = epoch_orbits, evaluate
        self.last_scenario = None
        self.last_results = None
        self.error: str | None = None

    def first_stage(self, scenario):
        self.last_scenario, self.last_results, self.error = scenario, None, None
        try:
            return self._first(scenario)
        except Exception:
            self.error = traceback.format_exc()
            raise

    def full(self, scenario, first):
        try:
            self.last_results = self._full(scenario, first)
        except Exception:
            self.error = traceback.format_exc()
            raise
        return self.last_results


def build_window(settings_path: Path):
    """The real main window with a synchronous runner (results arrive before an edit returns)."""
    from orbitdesk.app.runner import ComputeRunner
    from orbitdesk.app.settings import Settings
    from orbitdesk.gui.main_window import MainWindow

    spy = RunnerSpy()
    runner = ComputeRunner(threaded=False, first_stage=spy.first_stage, full=spy.full)
    window = MainWindow(Settings(settings_path), runner=runner)
    window.resize(1400, 900)
    window.show()
    return window, spy


# --- bad files -------------------------------------------------------------------------------

def make_files(workdir: Path) -> dict[str, Path]:
    """Good and bad TLE and scenario files, written once per run."""
    workdir.mkdir(parents=True, exist_ok=True)
    good_tle = resource("tle", "synthetic_walker_550km.tle")
    lines = good_tle.read_text().splitlines()
    tle_lines = [ln for ln in lines if ln.startswith(("1 ", "2 "))]
    files = {
        "tle_good": good_tle,
        "tle_empty": "",
        "tle_garbage": "hello\nworld\n",
        "tle_truncated": "\n".join(lines[:4]) + "\n" + tle_lines[1][:40] + "\n",
        "tle_bad_checksum": "\n".join(lines[2:4] + [tle_lines[1][:68] + ("0" if tle_lines[1][68] != "0" else "1")]),
        "tle_one_line": tle_lines[0] + "\n",
        "tle_binary": bytes(range(256)) * 4,
        "tle_latin1": "ODK é\n".encode("latin-1") + "\n".join(tle_lines[:2]).encode(),
        "tle_long_lines": "\n".join(ln + " " * 30 + "X" for ln in lines),
        "json_corrupt": '{"format": "orbitdesk-scenario", "scenario": {"name": ',
        "json_not_scenario": '{"hello": [1, 2, 3]}',
        "json_list": "[1, 2, 3]",
        "json_nested": "[" * 2000 + "]" * 2000,
        "json_big_int": '{"format": "orbitdesk-scenario", "version": ' + "9" * 5000 + "}",
        "binary": bytes(range(256)) * 16,
        "empty": "",
        "directory": None,
        "missing": None,
    }
    paths = {}
    for name, content in files.items():
        if isinstance(content, Path):
            paths[name] = content
            continue
        suffix = ".tle" if name.startswith("tle") else ".orbitdesk.json"
        path = workdir / f"{name}{suffix}"
        if name == "directory":
            path.mkdir(exist_ok=True)
        elif name != "missing":
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        paths[name] = path
    return paths


# --- the tree, generically through its model ---------------------------------------------------

SECTION_WORDS = (("hell", "shells"), ("esign", "designs"), ("tation", "ground_stations"),
                 ("errestrial", "terrestrial"), ("aunch", "launch"))


def tree_rows(tree) -> list[tuple[tuple[int, ...], QModelIndex]]:
    model, out = tree.model(), []

    def walk(parent, prefix):
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            out.append(((*prefix, r), idx))
            walk(idx, (*prefix, r))

    walk(QModelIndex(), ())
    return out


def index_at(tree, path) -> QModelIndex:
    model, idx = tree.model(), QModelIndex()
    for r in path:
        idx = model.index(r, 0, idx)
    return idx


def section_of(title: str) -> str | None:
    return next((s for word, s in SECTION_WORDS if word in title), None)


def tree_selection(tree) -> tuple[str, int] | None:
    """(section, index) of the tree's current item, or None for a section header of a list."""
    idx = tree.currentIndex()
    if not idx.isValid():
        return None
    if idx.parent().isValid():
        return section_of(str(idx.parent().data())), idx.row()
    section = section_of(str(idx.data()))
    return ("launch", 0) if section == "launch" else None


# --- numbers as typed ------------------------------------------------------------------------

def readings(text: str) -> list[float] | None:
    """What a typed number may mean: [] = no number (must be refused), None = free (not checked)."""
    t = text.strip()
    if not t:
        return None  # empty means "none" in optional fields; refused elsewhere
    candidates = []
    if "," in t:
        candidates.append(t.replace(",", "."))  # a decimal comma
        if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?", t):
            candidates.append(t.replace(",", ""))  # thousands separators
    else:
        candidates.append(t.replace("_", ""))
    out = []
    for c in candidates:
        try:
            v = float(c)
        except ValueError:
            continue
        if math.isfinite(v):
            out.append(v)
    return out


class Monkey:
    def __init__(self, window, seed: int, workdir: Path, spy: RunnerSpy | None = None,
                 recorder: Recorder | None = None, keep_going: bool = False, journal: Path | None = None):
        """``journal``: a file that gets each action as a JSON line before it runs, so a native
        crash (which ends the process before any message) still leaves the actions behind."""
        self.window, self.seed, self.spy = window, seed, spy
        self.keep_going = keep_going  # collect the failures in ``findings`` instead of raising
        self.findings: dict[str, str] = {}  # first line of a failure -> the whole message
        self.rng = random.Random(seed)
        self.recorder = recorder or Recorder()
        self.files = make_files(Path(workdir) / "files")
        self.save_path = Path(workdir) / "saved.orbitdesk.json"
        self.log: list[tuple[str, dict]] = []
        self.journal = open(journal, "w", encoding="utf-8") if journal else None  # noqa: SIM115
        self.timings: dict[str, list[float]] = {}  # action name -> seconds of each (action and checks)
        self.errors_shown: list[tuple[str, str]] = []
        self.saved: Scenario | None = None  # the scenario last saved to save_path
        self.baseline = window.document.scenario
        window.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
        window.show_error = lambda title, text: self.errors_shown.append((title, text))
        window.ask_save_path = lambda: str(self.save_path)
        self.actions = {name: getattr(self, f"_do_{name}") for name in WEIGHTS}
        self._names, self._weights = list(WEIGHTS), list(WEIGHTS.values())
        self.delete_action = self._find_action(QKeySequence("Del"))
        self.duplicate_action = self._find_action(QKeySequence("Ctrl+D"))
        self.preset_actions = [a for a in self._menu_actions("New from preset")]

    # --- finding the widgets -----------------------------------------------------------------
    def _find_action(self, shortcut: QKeySequence) -> QAction:
        found = [a for a in self.window.findChildren(QAction) if shortcut in a.shortcuts()]
        assert found, f"no action with the shortcut {shortcut.toString()}"
        return found[0]

    def _menu_actions(self, title: str) -> list[QAction]:
        for a in self.window.findChildren(QAction):
            menu = a.menu()
            if menu is not None and a.text().replace("&", "") == title:
                return [x for x in menu.actions() if not x.isSeparator()]
        raise AssertionError(f"no menu {title}")

    def _visible(self, cls) -> list:
        """Editor widgets of this class on the current tab that a user can reach."""
        page = self.window.editors.currentWidget()
        out = []
        for w in page.findChildren(cls):
            if cls is QLineEdit and isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
                continue
            if w.isVisible() and w.isEnabled():
                out.append(w)
        return out

    @staticmethod
    def _field_of(widget):
        from orbitdesk.gui.fields import FieldEditor

        p = widget.parent()
        while p is not None and not isinstance(p, FieldEditor):
            p = p.parent()
        return p

    def _fields(self):
        from orbitdesk.gui.fields import FieldEditor

        return [f for f in self.window.editors.findChildren(FieldEditor) if f.path]

    # --- running -----------------------------------------------------------------------------
    def choose(self) -> tuple[str, dict]:
        while True:
            name = self.rng.choices(self._names, self._weights)[0]
            args = getattr(self, f"_choose_{name}", lambda: {})()
            if args is not None:
                return name, args

    def run(self, count: int) -> None:
        for _ in range(count):
            self.step(*self.choose())

    def replay(self, actions) -> None:
        for name, args in actions:
            self.step(name, dict(args))

    def step(self, name: str, args: dict) -> None:
        started = time.perf_counter()
        try:
            self._step(name, args)
        finally:
            self.timings.setdefault(name, []).append(time.perf_counter() - started)

    def _journal(self, name: str, args: dict) -> None:
        if self.journal is not None:
            self.journal.write(json.dumps([name, args], ensure_ascii=True) + "\n")
            self.journal.flush()

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def timing_summary(self) -> str:
        rows = sorted(self.timings.items(), key=lambda kv: -sum(kv[1]))
        return ", ".join(f"{n} {len(t)}× {sum(t):.1f} s (max {max(t):.2f})" for n, t in rows)

    def _step(self, name: str, args: dict) -> None:
        self.log.append((name, args))
        self._journal(name, args)
        before = self.window.document.scenario
        shown_before = len(self.errors_shown)
        outcome = {}
        try:
            outcome = self.actions[name](**args)
            QApplication.processEvents()
        except Failure:
            raise
        except Exception:
            self.fail(f"the action raised:\n{traceback.format_exc()}")
        problems = self.recorder.take()
        if problems:
            self.fail("an exception or a Qt error was reported:\n" + "\n".join(problems))
        self.check(name, before, outcome or {}, self.errors_shown[shown_before:])

    def fail(self, message: str):
        if self.keep_going:
            key = re.sub(r"\d+(\.\d+)?", "N", message.splitlines()[0])[:160]
            self.findings.setdefault(key, self._message(message))
            return
        raise Failure(self._message(message))

    def _message(self, message: str) -> str:
        tail = "\n".join(f"  {i}: {n} {json.dumps(a, ensure_ascii=True)}"
                         for i, (n, a) in list(enumerate(self.log))[-TAIL:])
        return (f"fuzz seed {self.seed}, action {len(self.log) - 1} ({self.log[-1][0]}): {message}\n"
                f"last actions:\n{tail}")

    # --- invariants --------------------------------------------------------------------------
    def check(self, name: str, before: Scenario, outcome: dict, errors_shown) -> None:
        doc = self.window.document
        s = doc.scenario
        if Scenario.model_validate(s.model_dump()) != s:
            self.fail("the document's scenario does not survive validation")
        expected_error = outcome.get("expect_error")
        if expected_error is not None:
            if expected_error and (not errors_shown or s != before):
                self.fail(f"a bad file was taken: {'no message' if not errors_shown else 'a message'}, "
                          f"{'the document changed' if s != before else 'the document unchanged'}")
            if not expected_error and errors_shown:
                self.fail(f"a good file was refused: {errors_shown}")
        elif errors_shown:
            self.fail(f"an unexpected error message: {errors_shown}")
        if outcome.get("reset"):
            self.baseline = s
        if outcome.get("opened_saved") and s != self.saved:
            self.fail("the scenario read back from its file is not the one saved")
        if self.window.isWindowModified() != doc.modified or doc.scenario.name not in self.window.windowTitle():
            self.fail(f"the title {self.window.windowTitle()!r} (modified: {self.window.isWindowModified()}) "
                      f"does not match the document (modified: {doc.modified}, named {doc.scenario.name!r})")
        if doc.undo_stack.index() == 0 and doc.undo_stack.count() == 0 and s != self.baseline:
            self.fail("the undo stack is empty but the scenario is not the one of the last New/Open")
        if "warning_field" in outcome:
            root = re.match(r"[a-z_]+", outcome["warning_field"]).group(0)
            want = "launch" if root in ("launch", "economics") else root
            if doc.selection[0] != want:
                self.fail(f"a click on the warning about {outcome['warning_field']} selected {doc.selection}")
        if "typed" in outcome:
            self._check_typed(before, **outcome["typed"])
        self._check_tree()
        self._check_editors()
        self._check_plots()

    def _check_typed(self, before, path, text, scale, integer, is_text, error, field_name, is_date=False) -> None:
        from orbitdesk.model.edit import get_value

        s = self.window.document.scenario
        old, new = get_value(before, path), get_value(s, path)
        if is_date:  # applied as typed (UTC), or refused in red, or the same date again
            from orbitdesk.gui.fields import parse_date

            try:
                meant = parse_date(text.removesuffix("UTC").strip(), field_name)
            except ValueError:
                meant = None
            if s != before and new != meant:
                self.fail(f"{field_name}: typed {text!r}, the document got {path} = {new!r}")
            if s == before and meant != old and not error:
                self.fail(f"{field_name}: {text!r} was neither applied nor refused in red")
            return
        if is_text:
            if s == before and text.strip() != str(old) and not error:
                self.fail(f"{field_name}: {text!r} was neither applied nor refused in red")
            return
        meant = readings(text)
        if s != before:
            if meant is None:
                if new is not None:
                    self.fail(f"{field_name}: an empty field set {path} to {new!r}")
                return
            if not meant:
                self.fail(f"{field_name}: {text!r} is no number but set {path} = {new!r}")
            shown = new * scale
            if not any(math.isclose(shown, m, rel_tol=1e-9, abs_tol=1e-12) for m in meant):
                self.fail(f"{field_name}: typed {text!r}, the document got {path} = {new!r} (shown {shown!r})")
            # generated names follow their edits (model.names): a name, and the shells' reference
            # to a renamed design, may change with the value
            changed = {p for p in _changed_paths(before, s) - {path} if not p.endswith(".name")}
            if any(p.startswith("designs[") and p.endswith(".name") for p in _changed_paths(before, s)):
                changed = {p for p in changed if not re.fullmatch(r"shells\[\d+\]\.design", p)}
            if changed:
                self.fail(f"{field_name}: typing into {path} also changed {sorted(changed)}")
        else:
            same = old is not None and meant and any(
                math.isclose(old * scale, m, rel_tol=1e-9, abs_tol=1e-12) for m in meant)
            if not same and not error and not (meant is None and old is None):
                self.fail(f"{field_name}: {text!r} was neither applied nor refused in red")

    def _check_tree(self) -> None:
        doc, tree = self.window.document, self.window.tree
        s = doc.scenario
        model = tree.model()
        seen = set()
        for r in range(model.rowCount(QModelIndex())):
            top = model.index(r, 0, QModelIndex())
            section = section_of(str(top.data()))
            if section is None or section == "launch":
                continue
            seen.add(section)
            parts = getattr(s, section)
            n = model.rowCount(top)
            if n != len(parts):
                self.fail(f"the tree shows {n} {section}, the scenario has {len(parts)}")
            for i, part in enumerate(parts):
                text = str(model.index(i, 0, top).data())
                if not text.startswith(part.name):
                    self.fail(f"tree item {section}[{i}] reads {text!r}, the part is named {part.name!r}")
        if seen != {"shells", "designs", "ground_stations", "terrestrial"}:
            self.fail(f"the tree's sections are {sorted(seen)}")
        shown = tree_selection(tree)
        if shown is not None and shown != doc.selection:
            self.fail(f"the tree shows {shown} selected, the document has {doc.selection}")

    def _shown_fields(self):
        """The fields a user can see on some tab (not the forms of the other shell kinds)."""
        editors = self.window.editors
        pages = [editors.widget(i) for i in range(editors.count())]
        out = []
        for f in self._fields():
            page = next((p for p in pages if p.isAncestorOf(f)), None)
            if page is not None and f.isVisibleTo(page) and f.isEnabled():
                out.append(f)
        return out

    def _check_editors(self) -> None:
        from orbitdesk.gui.fields import DATE_FORMAT, format_number

        doc = self.window.document
        section, index = doc.selection
        problems = []
        fields = self._shown_fields()
        for f in fields:
            try:
                value = doc.value(f.path)
            except Exception as e:  # noqa: BLE001 - a stale path is the finding
                problems.append(f"{f.spec.label} is bound to {f.path}, which the scenario lacks ({e})")
                continue
            if f.error:
                continue
            w = f.editor
            if isinstance(w, QComboBox):
                if w.currentData() != value:
                    problems.append(f"{f.path}: the combo shows {w.currentData()!r}, the document has {value!r}")
            elif f.spec.text:
                if w.text() != str(value):
                    problems.append(f"{f.path}: the field shows {w.text()!r}, the document has {value!r}")
            elif f.spec.date:
                if w.text() != value.strftime(DATE_FORMAT) + " UTC":
                    problems.append(f"{f.path}: the field shows {w.text()!r}, the document has {value!r}")
            else:
                expected = "" if value is None else format_number(value * f.spec.scale, f.spec.integer)
                text = w.text().strip()
                if text != expected and not _same_number(text, expected):
                    problems.append(f"{f.path}: the field shows {text!r}, the document has {value!r}")
        # the bound parts are the selected ones
        design = doc.selected_design()
        wanted = [(lambda p: ".radiator." in p or ".compute." in p, f"designs[{design}].", "the selected design")]
        if section == "shells":
            wanted.append((lambda p: p.startswith("shells["), f"shells[{index}].", "the selected shell"))
        if section in ("terrestrial", "ground_stations"):
            wanted.append((lambda p: p.startswith(f"{section}["), f"{section}[{index}].", "the selection"))
        for f in fields:
            for applies, prefix, what in wanted:
                if applies(f.path) and not f.path.startswith(prefix):
                    problems.append(f"{f.spec.label} edits {f.path}, {what} is {prefix.rstrip('.')}")
        if problems:
            more = f" (and {len(problems) - 1} more field(s): {problems[1:4]})" if len(problems) > 1 else ""
            self.fail(f"the editor does not show the document: {problems[0]}{more}")

    def _check_plots(self) -> None:
        doc, w = self.window.document, self.window
        s = doc.scenario
        if self.spy is not None:
            if self.spy.error:
                self.fail(f"the evaluation of a valid scenario failed:\n{self.spy.error}")
            if self.spy.last_scenario != s:
                self.fail("the runner's last evaluation is not of the current scenario")
            if self.spy.last_results is not None and w.kpis.results is not self.spy.last_results:
                self.fail("the KPI table does not show the last evaluation")
        name = s.shells[doc.selected_shell()].name
        caption = w.orbit_plots.caption.text()
        if f"“{name}”" not in caption:
            self.fail(f"the one-orbit caption reads {caption!r}; the selected shell is {name!r} "
                      f"(selection {doc.selection})")

    # --- the end -----------------------------------------------------------------------------
    def finish(self) -> None:
        """Undo to the start (the scenario of the last reset), then redo to the end."""
        doc = self.window.document
        end = doc.scenario
        steps = doc.undo_stack.index()
        self.log.append(("undo", {"times": steps + 1}))
        self._journal("undo", {"times": steps + 1})
        self._do_undo(steps + 1)
        QApplication.processEvents()
        if doc.scenario != self.baseline:
            self.fail(f"undoing {steps} steps did not restore the scenario of the last New/Open")
        self.check("undo", doc.scenario, {}, [])
        self.log.append(("redo", {"times": steps}))
        self._journal("redo", {"times": steps})
        self._do_redo(steps)  # back to where the run ended (not past it: commands undone before stay undone)
        QApplication.processEvents()
        if doc.scenario != end:
            self.fail(f"redoing {steps} steps did not restore the last scenario")
        self.check("redo", doc.scenario, {}, [])

    # --- choosing and doing ------------------------------------------------------------------
    def _choose_select(self):
        rows = tree_rows(self.window.tree)
        return {"row": list(self.rng.choice(rows)[0])} if rows else None

    def _do_select(self, row):
        tree = self.window.tree
        idx = index_at(tree, row)
        if not idx.isValid():
            return {}
        tree.scrollTo(idx)
        tree.setCurrentIndex(idx)

    def _choose_type(self):
        edits = self._visible(QLineEdit)
        if not edits:
            return None
        i = self.rng.randrange(len(edits))
        field = self._field_of(edits[i])
        r = self.rng.random()
        if field is not None and field.spec.date:
            text = self.rng.choice(DATE_TEXTS + ODD_TEXTS[:4])
        elif r < 0.45 and field is not None and not field.spec.text:
            current = edits[i].text()
            try:
                v = float(current)
                if not math.isfinite(v):
                    raise ValueError(current)  # the field still shows a refused text
                factor = self.rng.choice((0.5, 0.9, 1.1, 2.0, 10.0, 0.01, -1.0, 1.0001))
                text = f"{v * factor:.6g}" if not field.spec.integer else str(int(round(v * factor)))
            except ValueError:
                text = str(self.rng.randint(0, 1000))
        elif r < 0.55:
            text = self.rng.choice(("Shell X", "", " ", "Ünïcødé ☄", "a" * 300, "x\ny", "Walker 53° 550 km"))
        else:
            text = self.rng.choice(ODD_TEXTS)
        return {"tab": self.window.editors.currentIndex(), "field": i, "text": text}

    def _do_type(self, tab, field, text):
        editors = self.window.editors
        editors.setCurrentIndex(tab)
        edits = self._visible(QLineEdit)
        if field >= len(edits):
            return {}
        w = edits[field]
        fe = self._field_of(w)
        w.setFocus()
        w.selectAll()
        w.insert(text)
        QTest.keyClick(w, Qt.Key.Key_Return)
        if fe is None:
            return {}
        return {"typed": {"path": fe.path, "text": text, "scale": fe.spec.scale, "integer": fe.spec.integer,
                          "is_text": fe.spec.text, "error": fe.error, "field_name": fe.spec.label,
                          "is_date": fe.spec.date}}

    def _other_combos(self) -> list:
        """Combo boxes outside the editor dock (place kind, play speed, plane selector, ...)."""
        editors = self.window.editors
        return [c for c in self.window.findChildren(QComboBox)
                if c.isVisible() and c.isEnabled() and not editors.isAncestorOf(c)]

    def _choose_combo(self):
        outside = self.rng.random() < 0.2
        combos = self._other_combos() if outside else self._visible(QComboBox)
        if not combos:
            return None
        i = self.rng.randrange(len(combos))
        n = combos[i].count()
        if n == 0:
            return None
        return {"tab": -1 if outside else self.window.editors.currentIndex(), "combo": i,
                "entry": self.rng.randrange(n)}

    def _do_combo(self, tab, combo, entry):
        if tab < 0:
            combos = self._other_combos()
        else:
            self.window.editors.setCurrentIndex(tab)
            combos = self._visible(QComboBox)
        if combo < len(combos) and entry < combos[combo].count():
            combos[combo].setCurrentIndex(entry)

    def _warning_lines(self) -> list:
        strip = getattr(self.window, "warnings_strip", None)
        return [w for w in getattr(strip, "lines", []) if getattr(w, "field", None) and w.isVisible()]

    def _choose_warning(self):
        lines = self._warning_lines()
        return {"line": self.rng.randrange(len(lines))} if lines else None

    def _do_warning(self, line):
        """Click a warning in the strip: the part holding its field must be selected."""
        lines = self._warning_lines()
        if line >= len(lines):
            return {}
        field = lines[line].field
        QTest.mouseClick(lines[line], Qt.MouseButton.LeftButton)
        return {"warning_field": field}

    def _choose_slider(self):
        sliders = self._visible(QSlider)
        if self.rng.random() < 0.1:
            return {"tab": -1, "slider": 0, "values": [self.rng.randint(0, 1000) for _ in range(3)]}
        if not sliders:
            return None
        s = self.rng.randrange(len(sliders))
        lo, hi = sliders[s].minimum(), sliders[s].maximum()
        return {"tab": self.window.editors.currentIndex(), "slider": s,
                "values": [self.rng.randint(lo, hi) for _ in range(self.rng.randint(1, 5))]}

    def _slider(self, tab, slider):
        if tab < 0:
            return self.window.globe.slider
        self.window.editors.setCurrentIndex(tab)
        sliders = self._visible(QSlider)
        return sliders[slider] if slider < len(sliders) else None

    def _do_slider(self, tab, slider, values):
        s = self._slider(tab, slider)
        if s is None:
            return
        s.setSliderDown(True)
        for v in values:
            s.setValue(v)
        s.setSliderDown(False)  # sliderReleased: the drag ends

    def _choose_slider_key(self):
        sliders = self._visible(QSlider)
        if not sliders:
            return None
        return {"tab": self.window.editors.currentIndex(), "slider": self.rng.randrange(len(sliders)),
                "key": self.rng.choice(("PageUp", "PageDown", "Home", "End", "Right"))}

    def _do_slider_key(self, tab, slider, key):
        s = self._slider(tab, slider)
        if s is not None:
            QTest.keyClick(s, getattr(Qt.Key, f"Key_{key}"))

    def _choose_tab(self):
        return {"tab": self.rng.randrange(self.window.editors.count())}

    def _do_tab(self, tab):
        self.window.editors.tabBar().setCurrentIndex(tab)

    def _view_tabs(self) -> list:
        """Tab widgets outside the editor dock (mission life / KPI table, ...)."""
        return [t for t in self.window.findChildren(QTabWidget) if t is not self.window.editors and t.isVisible()]

    def _choose_view_tab(self):
        tabs = self._view_tabs()
        if not tabs:
            return None
        i = self.rng.randrange(len(tabs))
        return {"widget": i, "tab": self.rng.randrange(max(tabs[i].count(), 1))}

    def _do_view_tab(self, widget, tab):
        tabs = self._view_tabs()
        if widget < len(tabs):
            tabs[widget].tabBar().setCurrentIndex(tab)

    def _do_gc(self):
        """A garbage collection now: Python wrappers of deleted Qt objects show up as crashes."""
        gc.collect()

    def _choose_undo(self):
        n = self.window.document.undo_stack.index()
        return {"times": self.rng.choice((1, 1, 1, 2, 3, n + 2))}

    def _do_undo(self, times):
        for _ in range(times):
            self.window.undo_action.trigger()

    def _choose_redo(self):
        return {"times": self.rng.choice((1, 1, 2, 5))}

    def _do_redo(self, times):
        for _ in range(times):
            self.window.redo_action.trigger()

    def _choose_place(self):
        w = self.window
        return {"kind": self.rng.randrange(w.place_kind.count()),
                "altitude": self.rng.choice((150.0, 550.0, 1200.0, 35786.0, 50000.0)),
                "inclination": self.rng.choice((0.0, 53.0, 97.6, 180.0, 45.5)),
                "count": self.rng.choice((1, 2, 100, 1000)),
                "lat": self.rng.choice((0.0, 89.99, -90.0, 90.0, round(self.rng.uniform(-90, 90), 3))),
                "lon": self.rng.choice((0.0, 180.0, -180.0, round(self.rng.uniform(-180, 180), 3))),
                "click": self.rng.random() < 0.3, "leave": self.rng.random() < 0.5}

    def _do_place(self, kind, altitude, inclination, count, lat, lon, click, leave):
        w = self.window
        if not w.place_action.isChecked():
            w.place_action.trigger()
        w.place_kind.setCurrentIndex(kind)
        w.place_altitude.setValue(altitude)
        w.place_inclination.setValue(inclination)
        w.place_count.setValue(count)
        if click:  # a real click at the middle of the globe
            canvas = w.globe.canvas.native
            QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().center())
        else:
            w.globe.placeRequested.emit(lat, lon)
        if leave:
            w.place_action.trigger()  # out of place mode again

    def _choose_drag(self):
        pts = [(round(self.rng.uniform(-90, 90), 3), round(self.rng.uniform(-180, 180), 3))
               for _ in range(self.rng.randint(1, 4))]
        if self.rng.random() < 0.3:
            pts.append((float("nan"), float("nan")))
        return {"points": pts}

    def _do_drag(self, points):
        for i, (lat, lon) in enumerate(points):
            self.window.globe.dragRequested.emit(lat, lon, i == len(points) - 1)

    def _do_delete(self):
        self.delete_action.trigger()

    def _do_duplicate(self):
        self.duplicate_action.trigger()

    def _choose_new(self):
        # the million-satellite preset costs seconds per evaluation: rarely
        n = len(self.preset_actions)
        choices = [i for i in range(n) if "1,000,000" not in self.preset_actions[i].text()]
        if self.rng.random() < 0.05 or not choices:
            choices = list(range(n))
        return {"preset": self.rng.choice(choices)}

    def _do_new(self, preset):
        self.preset_actions[preset].trigger()
        return {"reset": True}

    def _choose_import_tle(self):
        return {"file": self.rng.choice([k for k in self.files if k.startswith("tle")] + ["binary", "missing"])}

    def _do_import_tle(self, file):
        ok = self.window.import_tle_file(self.files[file])
        return {"expect_error": file != "tle_good", "ok": ok}

    def _choose_open(self):
        names = [k for k in self.files if not k.startswith("tle")] + ["tle_good"]
        if self.save_path.exists():
            names += ["saved", "saved"]
        return {"file": self.rng.choice(names)}

    def _do_open(self, file):
        path = self.save_path if file == "saved" else self.files[file]
        ok = self.window.open_path(str(path))
        return {"expect_error": file != "saved", "reset": bool(ok), "opened_saved": bool(ok) and file == "saved"}

    def _do_save(self):
        if self.window.save_as():
            self.saved = self.window.document.scenario
        return {"expect_error": False}

    def _choose_resize(self):
        return {"size": list(self.rng.choice(SIZES))}

    def _do_resize(self, size):
        self.window.resize(*size)

    # --- the Trade study dock: tiny studies (2 points), run here or on a thread, cancelled, clicked
    def _choose_study(self):
        op = self.rng.choice(STUDY_OPS)
        return {"op": op, "pick": self.rng.randrange(1000), "kind": self.rng.choice(STUDY_KINDS)}

    def _do_study(self, op, pick, kind):
        dock = self.window.study
        if op in ("run", "run_threaded") and not dock.rows:
            op = "add_and_run"
        if op in ("add", "add_and_run"):
            fields = [f for f in self._fields() if f.isVisible() and f.spec.choices is None
                      and not (f.spec.text or f.spec.date)]
            if fields:
                fields[pick % len(fields)].vary_action().trigger()
            if op == "add_and_run":
                op = "run_threaded" if pick % 2 else "run"
        if op == "remove" and dock.rows and not dock.running:
            dock.table.selectRow(pick % len(dock.rows))
            dock.remove_button.click()
        elif op == "setup" and not dock.running:
            dock.set_kind(kind)
            dock.samples.setValue(2)
            if kind == "pareto":  # the same KPI twice is refused (named); most picks differ
                dock.kpi2.setCurrentIndex(pick % dock.kpi2.count())
            for r in range(len(dock.rows)):
                item = dock.table.item(r, 6)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                    item.setText("2")
            while kind in ("sweep", "break_even") and len(dock.rows) > (1 if kind == "break_even" else 2):
                dock.table.selectRow(len(dock.rows) - 1)
                dock.remove_button.click()
        elif op in ("run", "run_threaded") and not dock.running and 0 < len(dock.rows) <= 2:
            dock.samples.setValue(min(dock.samples.value(), 2))
            for r in range(len(dock.rows)):
                item = dock.table.item(r, 6)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                    item.setText("2")
            if dock.kind_key == "break_even":
                return {}  # a bracket search: up to 50 evaluations, too long for the fuzz
            dock.threaded = op == "run_threaded"
            started = dock.run_study()
            if started and not dock.threaded and dock.running:
                self.fail("a study run in the GUI thread did not end")
            if not started and dock.running:
                self.fail("a refused study left the dock running")
        elif op == "file" and not dock.running:  # save the dock's study and open it again: the same rows
            import tempfile
            from pathlib import Path

            rows = list(dock.rows)
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / "fuzz.study.json"
                if dock.save_study_file(path) and (not dock.open_study_file(path) or len(dock.rows) != len(rows)):
                    self.fail(f"a saved study did not open again with its {len(rows)} inputs: {dock.message.text()}")
        elif op == "cancel":
            dock.cancel_button.click()
        elif op == "click" and dock.result is not None and dock.plots.scatters and not dock.running:
            item = next(iter(dock.plots.scatters.values()))
            spots = item.points()
            if len(spots):
                spot = spots[pick % len(spots)]
                row = int(spot.data())
                before = self.window.document.undo_stack.index()
                item.sigClicked.emit(item, [spot], None)
                t = dock.result.table
                doc = self.window.document
                if doc.undo_stack.index() != before and not doc.undo_stack.undoText().startswith("Study point: "):
                    self.fail(f"a study point was loaded as {doc.undo_stack.undoText()!r}")
                for path, v in zip(t.paths, t.values[row].tolist(), strict=True):
                    got = doc.value(path)
                    if doc.undo_stack.index() != before and not math.isclose(got, v, rel_tol=0, abs_tol=0.5 if
                                                                              isinstance(got, int) else 0):
                        self.fail(f"the study point {path} = {v} loaded as {got}")
        return {}


    # --- File ▸ Compare and File ▸ Hand over: B beside A, never inside the document -------------
    def _choose_compare(self):
        return {"op": self.rng.choice(COMPARE_OPS),
                "file": self.rng.choice([k for k in self.files if not k.startswith("tle")] + ["tle_good"])}

    def _do_compare(self, op, file):
        w, doc = self.window, self.window.document
        h = w.handover
        before, index = doc.scenario, doc.undo_stack.index()
        outcome = {}
        if op == "file":
            variant = self.save_path.parent / "compare_b.orbitdesk.json"
            if not variant.exists():
                from orbitdesk.model.fileformat import save_scenario

                save_scenario(doc.scenario.model_copy(update={"name": "Fuzz B"}), variant)
            if not h.compare_with_file(path=str(variant)):
                self.fail(f"a good scenario was refused as a comparison: {self.errors_shown[-1:]}")
            outcome = {"expect_error": False}
        elif op == "bad_file":
            ok = h.compare_with_file(path=str(self.files[file] if file != "tle_good" else self.files["json_list"]))
            outcome = {"expect_error": True}
            if ok:
                self.fail(f"the file {file} was taken as a comparison")
        elif op == "snapshot":
            h.compare_with_snapshot()
        elif op == "stop":
            h.stop_comparing()
            QApplication.processEvents()
            if any(c.isVisible() for c in w.orbit_plots.compared.values()) or "B" in w.calendar_plots.curves:
                self.fail("B is still drawn after Stop comparing")
        elif op == "report":
            if not h.export_report(path=str(self.save_path.parent / "fuzz_report.pdf")):
                self.fail(f"the design report was not written: {self.errors_shown[-1:]}")
        elif op == "czml":
            h.options = type(h.options)(span_h=0.5, step_s=120.0, satellites=1)
            if not h.export_czml(path=str(self.save_path.parent / "fuzz.czml")):
                self.fail(f"the CZML was not written: {self.errors_shown[-1:]}")
        if doc.scenario is not before or doc.undo_stack.index() != index:
            self.fail(f"Compare/Hand over {op} changed the document or its undo stack")
        if h.comparison.active and w.kpis.model.headerData(2, Qt.Orientation.Horizontal) != "B":
            self.fail("a comparison is shown but the KPI table has no B column")
        return outcome


def _same_number(a: str, b: str) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6)
    except ValueError:
        return False


def _changed_paths(a: Scenario, b: Scenario) -> set[str]:
    """Dotted paths (with [i]) of the leaves that differ between two scenarios."""
    out: set[str] = set()

    def walk(x, y, path):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in set(x) | set(y):
                walk(x.get(k), y.get(k), f"{path}.{k}" if path else k)
        elif isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)) and len(x) == len(y):
            for i, (u, v) in enumerate(zip(x, y, strict=True)):
                walk(u, v, f"{path}[{i}]")
        elif x != y:
            out.add(path)

    walk(a.model_dump(), b.model_dump(), "")
    return out
