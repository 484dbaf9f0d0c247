"""CCSDS Orbit Ephemeris Messages (CCSDS 502.0-B-3, KVN form) through the ``oem`` package.

One file per satellite (the package, as the standard's single-object messages, holds one object
per message): states in GCRF (the GCRS axes; km, km/s), UTC, from the epoch over the chosen span
at the chosen step, with Lagrange interpolation of degree 7 suggested to the reader. Every file
is read back with the same package before it is put in place, and its states compared with what
was meant to be written: a file that does not read back as written is never left behind.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from orbitdesk.__about__ import __version__
from orbitdesk.core.trajectories import ShellTrajectories
from orbitdesk.model.fileformat import atomic_write_text

OEM_VERSION = "2.0"
READ_BACK_KM = 1e-6  # written with 15 significant digits: a round trip keeps far better than 1 mm


def _iso(epoch: datetime, seconds: float) -> str:
    t = epoch.astimezone(timezone.utc).replace(tzinfo=None) + timedelta(seconds=float(seconds))
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")


def kvn_name(name: str) -> str:
    """A name as KVN can hold it: ASCII, no '=' (the key-value separator); "53°" becomes "53deg"."""
    text = name.replace("°", "deg").encode("ascii", "replace").decode("ascii")
    return re.sub(r"[^A-Za-z0-9 ._()/+,-]", "_", text).strip() or "satellite"


def oem_text(traj: ShellTrajectories, k: int, created: datetime | None = None) -> str:
    """The KVN text of satellite ``k`` of ``traj`` (GCRS states), built by the ``oem`` package."""
    from astropy.time import Time
    from oem import OrbitEphemerisMessage
    from oem.components import EphemerisSegment, HeaderSection, MetaDataSection

    if traj.frame != "GCRS":
        raise ValueError("OEM states are written in GCRF: give the GCRS trajectories")
    created = created or datetime.now(timezone.utc)
    stamps = [_iso(traj.epoch, s) for s in traj.t_s]
    meta = MetaDataSection({
        "OBJECT_NAME": kvn_name(traj.names[k]), "OBJECT_ID": kvn_name(traj.ids[k]), "CENTER_NAME": "EARTH",
        "REF_FRAME": "GCRF", "TIME_SYSTEM": "UTC", "START_TIME": stamps[0], "STOP_TIME": stamps[-1],
        "INTERPOLATION": "LAGRANGE", "INTERPOLATION_DEGREE": "7",
    }, version=OEM_VERSION)
    epochs = Time(stamps, format="isot", scale="utc", precision=6)
    columns = [*traj.position_km[k].T, *traj.velocity_km_s[k].T]
    segment = EphemerisSegment(meta, (tuple(epochs), *columns), version=OEM_VERSION)
    header = HeaderSection({"CCSDS_OEM_VERS": OEM_VERSION, "CREATION_DATE": _iso(created, 0),
                            "ORIGINATOR": f"OrbitDesk {__version__}"})
    message = OrbitEphemerisMessage(header, [segment])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.oem"
        message.save_as(path, file_format="kvn")
        return path.read_text(encoding="utf-8")


def read_oem(path: str | Path) -> tuple[str, np.ndarray, np.ndarray]:
    """(object name, states (T, 6) km and km/s, epochs as UTC ISO strings) read by the ``oem``
    package; ValueError when the package refuses the file."""
    from oem import OrbitEphemerisMessage

    message = OrbitEphemerisMessage.open(str(path))
    segments = list(message.segments)
    if len(segments) != 1:
        raise ValueError(f"{path}: {len(segments)} segments, one was written")
    states = list(segments[0].states)
    vectors = np.array([s.vector for s in states], dtype=float)
    stamps = np.array([s.epoch.isot for s in states])
    return str(segments[0].metadata["OBJECT_NAME"]), vectors, stamps


def file_name(traj: ShellTrajectories, k: int) -> str:
    """``<shell>_<id>.oem`` with anything but letters, digits, '-' and '.' as '_'."""
    safe = re.sub(r"[^A-Za-z0-9.-]+", "_", kvn_name(f"{traj.shell}_{traj.ids[k]}")).strip("_")
    return f"{safe or 'satellite'}.oem"


def write_oem_files(trajectories: list[ShellTrajectories], out_dir: str | Path, progress=None) -> list[Path]:
    """One OEM per satellite in ``out_dir`` (made if missing), each read back and checked before
    it is put in place; returns the paths written. A satellite without a position over the whole
    span (a decayed TLE) has no file: ValueError names it before anything is written.
    ``progress(done, total)`` after each file may raise ``Cancelled``: the files of this call are
    then removed (as they are after any failure), and the folder is as it was."""
    out = Path(out_dir)
    for traj in trajectories:
        bad = [traj.names[k] for k in range(len(traj.names))
               if not (np.isfinite(traj.position_km[k]).all() and np.isfinite(traj.velocity_km_s[k]).all())]
        if bad:
            raise ValueError(f"{traj.shell}: {', '.join(bad[:3])} has no position over the whole span "
                             "(decayed); shorten the span or remove it from the TLE set")
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file: give a folder for the OEM files")
    if out.is_dir() and (old := sorted(out.glob("*.oem"))):
        raise ValueError(f"{out} already holds {len(old)} OEM file{'s' * (len(old) != 1)}: give an empty or new folder "
                         "(old and new satellites would mix)")
    if not out.parent.is_dir():
        raise ValueError(f"{out}: the folder {out.parent} does not exist")
    made = not out.exists()
    out.mkdir(exist_ok=True)
    written: list[Path] = []
    created = datetime.now(timezone.utc)
    total = sum(len(t.names) for t in trajectories)
    try:
        for traj in trajectories:
            for k in range(len(traj.names)):
                text = oem_text(traj, k, created)
                path = out / file_name(traj, k)
                _check_read_back(text, traj, k)
                atomic_write_text(path, text)
                written.append(path)
                if progress is not None:
                    progress(len(written), total)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        if made:
            try:
                out.rmdir()
            except OSError:
                pass
        raise
    return written


def _check_read_back(text: str, traj: ShellTrajectories, k: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "check.oem"
        probe.write_text(text, encoding="utf-8")
        name, states, stamps = read_oem(probe)
    want = np.hstack([traj.position_km[k], traj.velocity_km_s[k]])
    if name != kvn_name(traj.names[k]) or states.shape != want.shape or np.abs(states - want).max() > READ_BACK_KM:
        raise ValueError(f"{traj.names[k]}: the OEM written does not read back as its states")
    if stamps[0][:19] != _iso(traj.epoch, traj.t_s[0])[:19]:
        raise ValueError(f"{traj.names[k]}: the OEM's first epoch reads back as {stamps[0]}")
