"""Offline time scale and Sun ephemeris (skyfield + the skyfield-data package; no download).

Nothing here can reach the network, by construction: the time scale is the one built into
skyfield (``builtin=True``: skyfield-data's Earth-orientation file warns that it has expired, and
its data are not presented as current), and the ephemeris is opened by its full path in the
installed skyfield-data package; skyfield's Loader, which downloads what it does not find, is
never asked for a file. A missing file raises ``EphemerisMissing`` saying how to repair the
installation.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

EPHEMERIS_FILE = "de421.bsp"


class EphemerisMissing(RuntimeError):
    """A data file of the installation is missing (a broken install); the message says which
    and how to repair it."""


def data_path(name: str) -> Path:
    """Full path of a file of the installed skyfield-data package; EphemerisMissing if absent."""
    path = _data_dir() / name
    if not path.is_file():
        raise EphemerisMissing(
            f"the ephemeris file {name} is missing from this installation (looked in {path.parent}); "
            "OrbitDesk never downloads it: reinstall the skyfield-data package "
            "(pip install --force-reinstall skyfield-data) or reinstall OrbitDesk")
    return path


def _data_dir() -> Path:
    import skyfield_data

    with warnings.catch_warnings():  # skyfield-data warns that its Earth-orientation file expired
        warnings.filterwarnings("ignore", message=".*expire.*")
        return Path(skyfield_data.get_skyfield_data_path())


@cache
def timescale():
    """skyfield's built-in time scale (its own ∆T and leap-second tables; no file, no download)."""
    from skyfield.api import Loader

    return Loader(str(_data_dir()), verbose=False, expire=False).timescale(builtin=True)


@cache
def ephemeris():
    """JPL DE421 from skyfield-data (1900-2050), opened by its full path."""
    from skyfield.jpllib import SpiceKernel

    return SpiceKernel(str(data_path(EPHEMERIS_FILE)))


def times(epoch: datetime, seconds: np.ndarray):
    """skyfield Time for ``epoch + seconds`` (any shape of seconds, flattened)."""
    ts = timescale()
    t0 = ts.from_datetime(epoch)
    return ts.tt_jd(t0.tt + np.ravel(np.asarray(seconds, dtype=float)) / 86400.0)


def sun_position_km(epoch: datetime, seconds: np.ndarray) -> np.ndarray:
    """Geometric Sun position relative to the Earth's centre in GCRS, km, shape (3, *seconds.shape).

    Geometric (no light time or aberration), as skyfield's ``is_sunlit`` uses.
    """
    seconds = np.asarray(seconds, dtype=float)
    if seconds.size < SUN_CACHE_MIN_SAMPLES:  # the globe's frames: one time each, never repeated
        return _sun_km(epoch, seconds)
    return _sun_km_cached(epoch, seconds.shape, seconds.tobytes()).copy()


SUN_CACHE_MIN_SAMPLES = 64
SUN_CACHE_SIZE = 256  # at most 256 × 280 kB (a 10-year monthly grid of orbits)


def _sun_km(epoch: datetime, seconds: np.ndarray) -> np.ndarray:
    eph = ephemeris()
    xyz = (eph["sun"] - eph["earth"]).at(times(epoch, seconds)).xyz.km
    return np.asarray(xyz).reshape((3,) + seconds.shape)


@lru_cache(maxsize=SUN_CACHE_SIZE)
def _sun_km_cached(epoch: datetime, shape: tuple, data: bytes) -> np.ndarray:
    """The same grid of times recurs (a shell's geometry recomputed, shells of one altitude):
    the Chebyshev evaluation was most of a many-shell evaluation."""
    out = _sun_km(epoch, np.frombuffer(data, dtype=float).reshape(shape))
    out.flags.writeable = False
    return out


def gcrs_to_itrs(epoch: datetime, seconds: np.ndarray) -> np.ndarray:
    """Rotation matrices GCRS -> ITRS (Earth-fixed), shape (3, 3, N) for N = seconds.size."""
    from skyfield.framelib import itrs

    R = itrs.rotation_at(times(epoch, seconds))
    return R if R.ndim == 3 else R[:, :, None]


def gcrs_to_teme(epoch: datetime, seconds: np.ndarray) -> np.ndarray:
    """Rotation matrices GCRS -> TEME (the SGP4 frame), shape (3, 3, N)."""
    from skyfield.sgp4lib import TEME

    R = TEME.rotation_at(times(epoch, seconds))
    return R if R.ndim == 3 else R[:, :, None]
