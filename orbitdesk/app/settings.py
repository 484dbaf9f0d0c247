"""Settings in one place (ARCHITECTURE.md convention 8): a typed registry over QSettings.

Every key has a type and a default here; nothing else in the program calls QSettings directly.
Tests point the registry at a temporary INI file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from orbitdesk.__about__ import __app_name__, __organization__


@dataclass(frozen=True)
class Key:
    name: str
    default: Any
    kind: type


RECENT_FILES = Key("files/recent", [], list)
LAST_DIRECTORY = Key("files/last_directory", "", str)
WINDOW_GEOMETRY = Key("window/geometry", QByteArray(), QByteArray)
WINDOW_STATE = Key("window/state", QByteArray(), QByteArray)
AUTOSAVE_INTERVAL_S = Key("autosave/interval_s", 60, int)
PLAY_SPEED = Key("globe/play_speed", 60.0, float)  # simulated seconds per wall-clock second
MAX_POINTS_SHOWN = Key("globe/max_points", 200_000, int)

MAX_RECENT = 8


class Settings:
    def __init__(self, ini_path: str | Path | None = None):
        if ini_path is None:
            self._q = QSettings(__organization__, __app_name__)
        else:
            self._q = QSettings(str(ini_path), QSettings.Format.IniFormat)

    def get(self, key: Key):
        value = self._q.value(key.name, key.default)
        if value is None:
            return key.default
        try:
            if key.kind is list:
                return [str(v) for v in (value if isinstance(value, list) else [value]) if v]
            if key.kind is QByteArray:
                return value if isinstance(value, QByteArray) else QByteArray(value)
            return key.kind(value)
        except (TypeError, ValueError):
            return key.default

    def set(self, key: Key, value) -> None:
        self._q.setValue(key.name, value)

    def sync(self) -> None:
        self._q.sync()

    def add_recent(self, path: str | Path) -> list[str]:
        path = str(Path(path).resolve())
        recent = [p for p in self.get(RECENT_FILES) if p != path]
        recent = [path, *recent][:MAX_RECENT]
        self.set(RECENT_FILES, recent)
        return recent

    def data_directory(self) -> Path:
        """Where autosaves go: the user's data directory, or beside the INI file in tests."""
        if self._q.format() == QSettings.Format.IniFormat and self._q.fileName().endswith(".ini"):
            return Path(self._q.fileName()).with_suffix(".data")
        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
