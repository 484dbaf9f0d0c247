"""The globe's camera and the geometry of looking at it: zoom limits, the eye, what is in front.

``GlobeCamera`` is vispy's turntable camera whose distance from the Earth's centre stays within
``[MIN_DISTANCE, MAX_DISTANCE]`` Earth radii however it is changed (wheel, right-drag, code), so
the view never goes inside the Earth nor so far that the Earth is a dot. Scene units are Earth radii.
"""

from __future__ import annotations

import numpy as np
from vispy.scene.cameras import TurntableCamera

MIN_DISTANCE = 1.3  # Earth radii from the centre: 1,900 km above the surface, inside LEO shells
MAX_DISTANCE = 30.0  # with a 30° field of view the Earth still spans about a tenth of the view
HOME = {"fov": 30.0, "distance": 5.2, "elevation": 25.0, "azimuth": 55.0, "center": (0.0, 0.0, 0.0)}


class GlobeCamera(TurntableCamera):
    def __init__(self):
        super().__init__(**HOME)

    def view_changed(self):
        d = getattr(self, "_distance", None)  # None while the base class is being set up
        if d is not None and not MIN_DISTANCE <= d <= MAX_DISTANCE:
            clamped = min(max(d, MIN_DISTANCE), MAX_DISTANCE)
            if self._scale_factor is not None:
                self._scale_factor *= clamped / d  # the zoom level follows the distance
            self._distance = clamped
        super().view_changed()

    def home(self) -> None:
        """Back to the view the globe opens with."""
        self.fov = HOME["fov"]
        self.center = HOME["center"]
        self.elevation, self.azimuth, self.roll = HOME["elevation"], HOME["azimuth"], 0.0
        self.distance = HOME["distance"]

    def eye(self) -> np.ndarray:
        """The camera position in scene coordinates."""
        el, az = np.radians(self.elevation), np.radians(self.azimuth)
        # vispy's turntable: the eye sits at distance along (sin az · cos el, −cos az · cos el, sin el)
        return np.array(self.center, float) + self.distance * np.array(
            [np.sin(az) * np.cos(el), -np.cos(az) * np.cos(el), np.sin(el)])


def in_front_of_earth(points: np.ndarray, eye: np.ndarray) -> np.ndarray:
    """(N,) bool: the line of sight from ``eye`` to each of ``points`` (N, 3), in Earth radii,
    misses the unit sphere (the point is not hidden by the Earth)."""
    d = points - eye
    # |eye + s d| = 1: a s² + 2 b s + c = 0; the eye is outside (c > 0), so both roots share a sign
    a = np.einsum("ij,ij->i", d, d)
    b = d @ eye
    c = float(eye @ eye) - 1.0
    disc = b * b - a * c
    with np.errstate(invalid="ignore"):
        near = (-b - np.sqrt(np.maximum(disc, 0.0))) / a
    return ~((disc > 0) & (near > 0) & (near < 1))
