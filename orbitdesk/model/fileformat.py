"""The versioned scenario file (JSON) with atomic writes (ARCHITECTURE.md convention 10).

File layout::

    {"format": "orbitdesk.scenario", "version": 3, "scenario": {...}}

A file is refused whole, with a message naming the file, the field and the problem; nothing is
half-read. Older versions are migrated through MIGRATIONS (and saved as the current version);
newer ones are refused.

Versions: 1, the first; 2, each compute payload stores its GPU's figures (``gpu_tdp_w``,
``gpu_bf16_peak_flop_per_s``, ``gpu_fp8_peak_flop_per_s``), so a catalog update never changes a
saved scenario's results. A version-1 file takes them from the bundled catalog when it is read.

Reading is bounded: only regular files (a FIFO or a device would block or never end) of at most
``MAX_FILE_BYTES``, nested at most ``MAX_NESTING`` levels. Saving writes a short-named temporary
file beside the real target (through a symbolic link), refuses a read-only target, and removes
temporary files that interrupted saves left behind.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from glob import escape as glob_escape
from pathlib import Path

from pydantic import ValidationError

from orbitdesk.model.catalog import catalog, gpu_figures
from orbitdesk.model.errors import ScenarioFileError, first_problem
from orbitdesk.model.scenario import Scenario

FORMAT = "orbitdesk.scenario"
VERSION = 3
SUFFIX = ".orbitdesk.json"

# A 50,000-satellite TLE set is about 8 MB of JSON; the default scenario is 4 kB.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A scenario nests 6 levels deep; anything far deeper is not one (and would exhaust the stack).
MAX_NESTING = 32

# No list in a scenario holds more than 1,000 items (scenario.MAX_GROUND_STATIONS) nor an object
# more than a few dozen keys; a longer one is refused before validation, which would otherwise
# report (and hold in memory) one error per item: 5,000,000 designs took 97 s and 6.9 GB.
MAX_ITEMS = 1_000
MAX_KEYS = 100

TEMP_PREFIX = ".orbitdesk-"  # short: a 250-character target name must still fit NAME_MAX (255)
TEMP_SUFFIX = ".tmp"
STALE_TEMP_S = 600.0  # a save takes well under a second; an older temporary file is an orphan



def _v1_gpu_figures(doc: dict) -> dict:
    """Version 1 -> 2: every compute payload gets its GPU's figures from the bundled catalog
    (where the file does not state them). Anything malformed is left for validation to refuse,
    and lists too long to be a scenario's are not walked (the size check refuses them)."""
    scenario = doc.get("scenario")
    designs = scenario.get("designs") if isinstance(scenario, dict) else None
    if not isinstance(designs, list) or len(designs) > MAX_ITEMS:
        return doc
    gpus = catalog("gpus")
    new_designs = []
    for design in designs:
        compute = design.get("compute") if isinstance(design, dict) else None
        gpu = compute.get("gpu") if isinstance(compute, dict) else None
        if isinstance(gpu, str) and gpu in gpus:
            design = {**design, "compute": {**gpu_figures(gpu), **compute}}
        new_designs.append(design)
    return {**doc, "scenario": {**scenario, "designs": new_designs}}


# version n -> function turning a version-n document into a version n+1 document
def _v2_data_segment(doc: dict) -> dict:
    """Version 3 adds the data segment (design links, shell workloads, station terminals, the
    network), every part with defaults: a version-2 scenario reads unchanged and takes them."""
    return doc


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_gpu_figures, 2: _v2_data_segment}


def scenario_to_json(scenario: Scenario) -> str:
    doc = {"format": FORMAT, "version": VERSION, "scenario": scenario.model_dump(mode="json")}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of JSON text (brackets inside strings do not count); in
    chunks, so a 64 MB file of brackets costs a few MB."""
    import numpy as np

    data = np.frombuffer(_STRING.sub("", text).encode("utf-8"), dtype=np.uint8)
    depth = deepest = 0
    for i in range(0, data.size, 1 << 20):
        c = data[i:i + (1 << 20)]
        step = ((c == ord("[")) | (c == ord("{"))).astype(np.int64) - ((c == ord("]")) | (c == ord("}")))
        run = np.cumsum(step) + depth
        deepest, depth = max(deepest, int(run.max())), int(run[-1])
    return deepest


def _parse_json(text: str, source: str):
    if (depth := nesting_depth(text)) > MAX_NESTING:
        raise ScenarioFileError(
            source, f"nested {depth} levels deep; a scenario file nests at most {MAX_NESTING}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioFileError(
            source, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from None
    except (ValueError, RecursionError) as e:  # e.g. an integer literal over 4,300 digits
        raise ScenarioFileError(source, f"not a usable JSON file: {e}") from None


def _check_sizes(node, where: str, source: str) -> None:
    """Refuse any list or object too long to be part of a scenario, naming where it is."""
    if isinstance(node, list):
        if len(node) > MAX_ITEMS:
            raise ScenarioFileError(source, f"{len(node):,} items; no list in a scenario file holds more "
                                            f"than {MAX_ITEMS:,}", where)
        for i, item in enumerate(node):
            _check_sizes(item, f"{where}[{i}]", source)
    elif isinstance(node, dict):
        if len(node) > MAX_KEYS:
            raise ScenarioFileError(source, f"{len(node):,} keys; no object in a scenario file has more "
                                            f"than {MAX_KEYS}", where)
        for key, item in node.items():
            _check_sizes(item, f"{where}.{key}" if where else str(key), source)


def scenario_from_json(text: str, source: str = "<text>") -> Scenario:
    """Parse and validate a scenario document; ScenarioFileError on any problem."""
    doc = _parse_json(text, source)
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
    _check_sizes(doc["scenario"], "scenario", source)
    try:
        return Scenario.model_validate(doc["scenario"])
    except ValidationError as e:
        field, problem = first_problem(e)
        raise ScenarioFileError(source, problem, "scenario." + field) from None


def read_text_bounded(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes; ScenarioFileError otherwise.

    The type and size are checked before anything is read (a FIFO is never opened for a blocking
    read, /dev/zero never read), and the read itself stops one byte past the limit."""
    path = Path(path)
    where = str(path)
    too_big = f"larger than the {limit:,}-byte ({limit / 2**20:g} MiB) limit for scenario and TLE files"
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ScenarioFileError(where, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ScenarioFileError(where, "not a regular file (a FIFO, device or socket); "
                                           "choose a file saved on disk")
        if st.st_size > limit:
            raise ScenarioFileError(where, f"{st.st_size:,} bytes, {too_big}")
        # O_NONBLOCK: should the path have become a FIFO since the check, opening does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ScenarioFileError(where, "not a regular file (a FIFO, device or socket)")
            data = f.read(limit + 1)
    except OSError as e:
        raise ScenarioFileError(where, e.strerror or str(e)) from None
    if len(data) > limit:
        raise ScenarioFileError(where, too_big)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioFileError(where, "not a text file (UTF-8)") from None


def load_scenario(path: str | os.PathLike) -> Scenario:
    return scenario_from_json(read_text_bounded(path), str(path))


# --- saving -----------------------------------------------------------------------------------


def save_target(path: str | os.PathLike) -> Path:
    """The file a save really writes: the target of a symbolic link (the link stays a link)."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _check_writable(target: Path, shown: str | os.PathLike) -> None:
    """Refuse a read-only existing file (as root, ``os.access`` says yes to everything, so the
    mode's write bits count too)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & 0o222 or not os.access(target, os.W_OK):
        import errno

        raise PermissionError(errno.EACCES, f"{os.fspath(shown)} is read-only; save under another name "
                              "or make it writable", os.fspath(shown))


def temp_path_beside(target: Path, suffix: str = TEMP_SUFFIX) -> tuple[int, str]:
    """(fd, path) of a new private file beside ``target`` with a short name (``.orbitdesk-`` and
    16 hex digits), whatever the length of the target's name."""
    directory = target.parent if str(target.parent) else Path(".")
    while True:
        tmp = directory / f"{TEMP_PREFIX}{secrets.token_hex(8)}{suffix}"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), str(tmp)
        except FileExistsError:
            continue
        except PermissionError as e:
            raise PermissionError(e.errno, f"cannot write in the folder {directory} (read-only); save "
                                  "somewhere else", str(target)) from None
        except FileNotFoundError as e:
            why = "cannot hold new files" if directory.is_dir() else "does not exist"
            raise FileNotFoundError(e.errno, f"the folder {directory} {why}; save somewhere else",
                                    str(target)) from None
        except OSError as e:  # e.g. a folder that takes no files (/proc): name the file asked for
            raise OSError(e.errno, f"cannot write in the folder {directory} ({e.strerror}); save somewhere "
                          "else", str(target)) from None


def remove_stale_temps(directory: Path, target_name: str = "", now: float | None = None) -> list[Path]:
    """Delete temporary files of interrupted saves in ``directory`` untouched for
    ``STALE_TEMP_S`` (a save in progress elsewhere is younger): ours (``.orbitdesk-*.tmp``) and
    those earlier versions left beside ``target_name`` (``.<name>.<random>.tmp``). Returns them."""
    now = time.time() if now is None else now
    removed = []
    patterns = [f"{TEMP_PREFIX}*{TEMP_SUFFIX}"] + ([f".{glob_escape(target_name)}.*{TEMP_SUFFIX}"]
                                                  if target_name else [])
    try:
        candidates = [p for pattern in patterns for p in directory.glob(pattern)]
    except OSError:
        return removed
    for p in candidates:
        try:
            st = p.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_TEMP_S:
                p.unlink()
                removed.append(p)
        except OSError:
            continue
    return removed


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
    """Give a fully written temporary file (beside the save target) its final mode and rename it
    over the target (the file a symbolic link points to); then make the rename durable (POSIX).
    A read-only target raises PermissionError naming it."""
    target = save_target(path)
    _check_writable(target, path)
    os.chmod(tmp, _new_file_mode(target))
    os.replace(tmp, target)
    if hasattr(os, "O_DIRECTORY"):
        dfd = os.open(target.parent, os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write beside the target, flush, fsync, rename: the target is either old or new, never half.
    A symbolic link is written through; a read-only target is refused (PermissionError) before
    anything is written; stale temporary files of interrupted saves beside it are removed."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """``atomic_write_text`` for bytes (a PDF, a zip)."""
    target = save_target(path)
    _check_writable(target, path)
    remove_stale_temps(target.parent if str(target.parent) else Path("."), target.name)
    fd, tmp = temp_path_beside(target)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
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
