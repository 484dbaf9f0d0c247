"""The versioned scenario file (JSON) with atomic writes (ARCHITECTURE.md convention 10).

File layout::

    {"format": "orbitdesk.scenario", "version": 1, "scenario": {...}}

A file is refused whole, with a message naming the file, the field and the problem; nothing is
half-read. Older versions are migrated through MIGRATIONS; newer ones are refused.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from orbitdesk.model.errors import ScenarioFileError, first_problem
from orbitdesk.model.scenario import Scenario

FORMAT = "orbitdesk.scenario"
VERSION = 1
SUFFIX = ".orbitdesk.json"

# version n -> function turning a version-n document into a version n+1 document
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def scenario_to_json(scenario: Scenario) -> str:
    doc = {"format": FORMAT, "version": VERSION, "scenario": scenario.model_dump(mode="json")}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def scenario_from_json(text: str, source: str = "<text>") -> Scenario:
    """Parse and validate a scenario document; ScenarioFileError on any problem."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioFileError(
            source, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScenarioFileError(
            source, f"not an OrbitDesk scenario (expected \"format\": \"{FORMAT}\")", "format"
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ScenarioFileError(source, "must be a whole number", "version")
    if version > VERSION:
        raise ScenarioFileError(
            source,
            f"file version {version} was written by a newer OrbitDesk; this one reads up to "
            f"version {VERSION}. Update OrbitDesk to open it.",
            "version",
        )
    while version < VERSION:
        if version not in MIGRATIONS:
            raise ScenarioFileError(
                source, f"file version {version} is too old to migrate (oldest readable: 1)", "version"
            )
        doc = MIGRATIONS[version](doc)
        version += 1
    if not isinstance(doc.get("scenario"), dict):
        raise ScenarioFileError(source, "missing or not an object", "scenario")
    try:
        return Scenario.model_validate(doc["scenario"])
    except ValidationError as e:
        field, problem = first_problem(e)
        raise ScenarioFileError(source, problem, "scenario." + field) from None


def load_scenario(path: str | os.PathLike) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioFileError(str(path), "not a text file (UTF-8)") from None
    except OSError as e:
        raise ScenarioFileError(str(path), e.strerror or str(e)) from None
    return scenario_from_json(text, str(path))


def _new_file_mode(path: Path) -> int:
    """The mode the finished file gets: the target's own if it exists, else what the user's umask
    gives a new file (a temporary file starts at 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def replace_atomically(tmp: str | os.PathLike, path: str | os.PathLike) -> None:
    """Give a fully written temporary file (beside ``path``) its final mode and rename it over
    ``path``; then make the rename durable (POSIX)."""
    path = Path(path)
    os.chmod(tmp, _new_file_mode(path))
    os.replace(tmp, path)
    if hasattr(os, "O_DIRECTORY"):
        dfd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write beside the target, flush, fsync, rename: the target is either old or new, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        replace_atomically(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> None:
    atomic_write_text(path, scenario_to_json(scenario))
