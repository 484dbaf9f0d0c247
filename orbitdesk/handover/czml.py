"""CZML for Cesium through the ``czml3`` package: the constellation and the ground stations as one
document, checked by reading it back with the same package before it is put in place.

Positions are Earth-fixed (``referenceFrame`` FIXED, metres), time-tagged samples in seconds from
the scenario epoch with Lagrange interpolation: Cesium's FIXED frame needs no ICRF data in the
viewer, where INERTIAL would. Each shell has its colour, each satellite a point, a label and a
trailing path of one orbit; each station a point on the ground. The clock covers the exported span
and plays at 60× by default.
"""

from __future__ import annotations

import json
from datetime import timedelta, timezone
from pathlib import Path

import numpy as np

from orbitdesk.core.trajectories import ShellTrajectories
from orbitdesk.model.fileformat import atomic_write_text

CZML_VERSION = "1.0"
# shell colours, RGBA 0-255 (the globe's colour-blind-safe order: Okabe & Ito 2008)
SHELL_RGBA = ((230, 159, 0, 255), (86, 180, 233, 255), (0, 158, 115, 255), (240, 228, 66, 255),
              (0, 114, 178, 255), (213, 94, 0, 255), (204, 121, 167, 255))
STATION_RGBA = (60, 220, 90, 255)
READ_BACK_M = 1e-3  # metres: the JSON keeps every digit of a float


def _utc(epoch, seconds: float = 0.0) -> str:
    t = epoch.astimezone(timezone.utc) + timedelta(seconds=float(seconds))
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def czml_document(scenario, trajectories: list[ShellTrajectories]):
    """The czml3 Document: the preamble with the clock, a packet per ground station and one per
    satellite (Earth-fixed trajectories are made from the GCRS ones here)."""
    from czml3 import Document, Packet
    from czml3.properties import Clock, Color, Label, Path, Point, Position, SolidColorMaterial

    span = max(float(t.t_s[-1]) for t in trajectories)
    start, stop = _utc(scenario.epoch), _utc(scenario.epoch, span)
    packets = [Packet(id="document", name=scenario.name, version=CZML_VERSION,
                      clock=Clock(interval=f"{start}/{stop}", currentTime=start, multiplier=60,
                                  range="LOOP_STOP", step="SYSTEM_CLOCK_MULTIPLIER"))]
    for g, station in enumerate(scenario.ground_stations):
        lat, lon = station.latitude_deg, station.longitude_deg
        packets.append(Packet(
            id=f"station-{g + 1}", name=station.name,
            position=Position(cartographicDegrees=[float(lon), float(lat), 0.0]),
            point=Point(pixelSize=8, color=Color(rgba=list(STATION_RGBA))),
            label=Label(text=station.name, show=False)))
    for s, traj in enumerate(trajectories):
        fixed = traj.earth_fixed()
        rgba = list(SHELL_RGBA[s % len(SHELL_RGBA)])
        for k, name in enumerate(traj.names):
            samples = np.column_stack([traj.t_s, fixed.position_km[k] * 1e3]).ravel().tolist()
            packets.append(Packet(
                id=f"sat-{traj.ids[k]}-{s + 1}", name=name,
                description=f"Shell {traj.shell}; propagated by OrbitDesk",
                availability=f"{start}/{_utc(scenario.epoch, traj.t_s[-1])}",
                position=Position(epoch=start, referenceFrame="FIXED", cartesian=samples,
                                  interpolationAlgorithm="LAGRANGE", interpolationDegree=5),
                point=Point(pixelSize=5, color=Color(rgba=rgba)),
                path=Path(show=True, width=1, leadTime=0, trailTime=traj.period_s, resolution=120,
                          material={"solidColor": SolidColorMaterial(color=Color(rgba=rgba))}),
                label=Label(text=name, show=False)))
    return Document(packets=packets)


def write_czml(scenario, trajectories: list[ShellTrajectories], path: str | Path) -> int:
    """Write the document atomically after reading its text back with czml3 and comparing the
    positions; returns the number of satellites written."""
    from czml3 import Document

    for traj in trajectories:
        if not np.isfinite(traj.position_km).all():
            raise ValueError(f"{traj.shell}: a satellite has no position over the whole span (decayed); "
                             "shorten the span or remove it from the TLE set")
    doc = czml_document(scenario, trajectories)
    text = doc.model_dump_json(exclude_none=True, indent=1)
    back = Document.model_validate_json(text)  # czml3's rules: a preamble first, one of each value kind
    if len(back.packets) != len(doc.packets):
        raise ValueError("the CZML written does not read back with all its packets")
    _check_positions(json.loads(text), trajectories)
    atomic_write_text(path, text)
    return sum(len(t.names) for t in trajectories)


def _check_positions(packets: list[dict], trajectories: list[ShellTrajectories]) -> None:
    by_id = {p["id"]: p for p in packets}
    for s, traj in enumerate(trajectories):
        fixed = traj.earth_fixed()
        for k in (0, len(traj.names) - 1):
            samples = np.asarray(by_id[f"sat-{traj.ids[k]}-{s + 1}"]["position"]["cartesian"]).reshape(-1, 4)
            if np.abs(samples[:, 1:] - fixed.position_km[k] * 1e3).max() > READ_BACK_M:
                raise ValueError(f"{traj.names[k]}: the CZML written does not read back as its positions")
