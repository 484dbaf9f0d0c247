"""The document's files, as a part of the main window: New, Open, Recent, Save, Save As, TLE
import, the questions they ask and the crash restore. Every question goes through an ``ask_*`` /
``show_error`` method, so tests answer them without a modal dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from orbitdesk.__about__ import __title__
from orbitdesk.app import crashlog, placing
from orbitdesk.app.settings import LAST_DIRECTORY, RECENT_FILES
from orbitdesk.model import ScenarioFileError
from orbitdesk.model.errors import describe_validation_error
from orbitdesk.model.fileformat import SUFFIX, read_text_bounded
from orbitdesk.model.presets import PRESETS

FILE_FILTER = f"OrbitDesk scenarios (*{SUFFIX} *.json);;All files (*)"


def describe(error: ValueError) -> str:
    from pydantic import ValidationError

    return describe_validation_error(error) if isinstance(error, ValidationError) else str(error)


class DocumentFiles:
    """Mixed into MainWindow (which provides document, settings, recent_menu and _action)."""

    def _update_title(self) -> None:
        """The file, the scenario's name and the modified mark: on every change (a rename, a
        study point or an undo that brings another name, with the document already modified)."""
        title = f"{self.document.display_name}[*] — {self.document.scenario.name} — {__title__}"
        if title != self.windowTitle():
            self.setWindowTitle(title)
        if self.isWindowModified() != self.document.modified:
            self.setWindowModified(self.document.modified)

    def _fill_recent(self) -> None:
        """Open Recent lists the recent files that still exist (a missing one is forgotten)."""
        self.recent_menu.clear()
        recent = [p for p in self.settings.get(RECENT_FILES) if Path(p).is_file()]
        if recent != self.settings.get(RECENT_FILES):
            self.settings.set(RECENT_FILES, recent)
        for path in recent:
            self.recent_menu.addAction(self._action(path, lambda _=False, p=path: self.open_path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document."""
        if not self.document.modified:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_from_preset(self, name: str) -> None:
        if self.maybe_save():
            self.document.reset(PRESETS[name]())

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path = self.ask_open_path()
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            self.document.open(path)
        except ScenarioFileError as e:
            if not Path(path).exists():
                self._fill_recent()  # forget it in Open Recent
            self.show_error("Cannot open the file", f"{e}\n\nThe open document was not changed.")
            return False
        except Exception as e:  # the boundary: any file that breaks the reader is refused whole
            crashlog.report(f"opening {path}", e)
            self.show_error("Cannot open the file", f"{path}: cannot be read ({type(e).__name__}: {e})"
                            "\n\nThe open document was not changed.")
            return False
        self._remember(path)
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return self._save_to(path) if path else False

    def _save_to(self, path) -> bool:
        path = Path(path)
        if not path.name.endswith((SUFFIX, ".json")):
            path = path.with_name(path.name + SUFFIX)
        try:
            self.document.save(path)
        except OSError as e:
            self.show_error("Cannot save", f"{path}: {e.strerror or e}\n\nNothing was written.")
            return False
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _remember(self, path) -> None:
        self.settings.add_recent(path)
        self.settings.set(LAST_DIRECTORY, str(Path(path).resolve().parent))
        self._fill_recent()

    # --- questions (tests replace these) -----------------------------------------------------
    def ask_save_changes(self):
        return QMessageBox.question(
            self, __title__, f"Save the changes to {self.document.display_name}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def ask_open_path(self) -> str:
        return QFileDialog.getOpenFileName(self, "Open scenario", self.settings.get(LAST_DIRECTORY),
                                           FILE_FILTER)[0]

    def ask_tle_path(self) -> str:
        from orbitdesk.paths import resource

        start = self.settings.get(LAST_DIRECTORY) or str(resource("tle"))
        return QFileDialog.getOpenFileName(self, "Import TLE or OMM set", start,
                                           "Element sets (*.tle *.txt *.xml *.csv *.json);;Two-line elements "
                                           "(*.tle *.txt);;OMM (*.xml *.csv *.json);;All files (*)")[0]

    def ask_save_path(self) -> str:
        start = str(self.document.path or Path(self.settings.get(LAST_DIRECTORY) or ".") / f"scenario{SUFFIX}")
        return QFileDialog.getSaveFileName(self, "Save scenario as", start, FILE_FILTER)[0]

    def ask_restore(self) -> bool:
        return QMessageBox.question(
            self, __title__, "OrbitDesk did not close cleanly last time. Restore the unsaved "
            "scenario it autosaved?") == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.critical(self, title, text)

    def import_tle(self) -> None:
        path = self.ask_tle_path()
        if path:
            self.import_tle_file(path)

    def import_tle_file(self, path) -> bool:
        path = Path(path)
        try:
            text = read_text_bounded(path)  # a FIFO, /dev/zero or a huge file is refused unread
            new, index = placing.add_tle_shell(self.document.scenario, text, path.name)
        except ScenarioFileError as e:
            self.show_error("Cannot import the TLE file", f"{e}\n\nNothing was added.")
            return False
        except ValueError as e:  # the elements (pydantic's ValidationError is a ValueError)
            self.show_error("Cannot import the TLE file", f"{path}: {describe(e)}\n\nNothing was added.")
            return False
        self.document.replace(new, f"Import {path.name}", select=("shells", index))
        return True

    def offer_restore(self) -> None:
        """After a crash: offer the autosaved scenario, as an undoable, unsaved change."""
        pending = self.autosaver.pending()
        for path in self.autosaver.moved_aside:
            self.show_problem(f"An unreadable autosave was moved aside to {path}; OrbitDesk started "
                              "without it", f"{path}\n\nThe reason is in the log.")
        if pending is not None and pending != self.document.scenario and self.ask_restore():
            self.document.replace(pending, "Restore autosave")
        self.autosaver.discard()
        problem = self.autosaver.start()
        if problem:
            self.show_problem(problem, problem)
