"""Offline time scale and Sun ephemeris (skyfield + the skyfield-data package; no download).

skyfield-data's Earth-orientation file warns that it has expired; OrbitDesk uses the time scale
built into skyfield (``builtin=True``) and filters that warning rather than presenting the file's
data as current.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from functools import cache

import numpy as np


@cache
def _loader():
    import skyfield_data
    from skyfield.api import Loader

    return Loader(skyfield_data.get_skyfield_data_path(), verbose=False, expire=False)


@cache
def timescale():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expire.*")
        return _loader().timescale(builtin=True)


@cache
def ephemeris():
    """JPL DE421 from skyfield-data (1900-2050)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expire.*")
        return _loader()("de421.bsp")


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
    eph = ephemeris()
    t = times(epoch, seconds)
    xyz = (eph["sun"] - eph["earth"]).at(t).xyz.km
    return np.asarray(xyz).reshape((3,) + seconds.shape)


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
