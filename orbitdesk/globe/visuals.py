"""Two small vispy visuals written for the globe: a textured, sun-lit Earth and a points cloud.

``PointsVisual`` is a minimal GL_POINTS shader (one draw call for every satellite): on Mesa's
software renderer it is several times faster than vispy's ``Markers`` at 100,000 points; with
``ring=True`` it draws rings (the highlight around a selected satellite). Both
visuals test depth, so whatever is behind the Earth is hidden.
"""

from __future__ import annotations

import numpy as np
from vispy import gloo
from vispy.scene.visuals import create_visual_node
from vispy.visuals import Visual

EARTH_VERT = """
attribute vec3 a_position;   // Earth-fixed (ITRS), unit sphere
attribute vec2 a_texcoord;
varying vec3 v_normal;
varying vec2 v_texcoord;
void main() {
    v_normal = a_position;
    v_texcoord = a_texcoord;
    gl_Position = $transform(vec4(a_position, 1.0));
}
"""

EARTH_FRAG = """
uniform sampler2D u_texture;
uniform vec3 u_sun;          // unit vector to the Sun, Earth-fixed
varying vec3 v_normal;
varying vec2 v_texcoord;
void main() {
    vec3 n = normalize(v_normal);
    float day = smoothstep(-0.06, 0.06, dot(n, u_sun));  // the terminator, softened by twilight
    vec3 colour = texture2D(u_texture, v_texcoord).rgb;
    vec3 night = colour * 0.22 + vec3(0.0, 0.01, 0.04);
    gl_FragColor = vec4(mix(night, colour, day), 1.0);
}
"""


def uv_sphere(rows: int = 90, cols: int = 180):
    """Vertices (lat rows × lon cols) of a unit sphere, texture coordinates and triangle indices.
    The texture is equirectangular with north at the top row (v = 0)."""
    lat = np.linspace(np.pi / 2, -np.pi / 2, rows + 1)
    lon = np.linspace(-np.pi, np.pi, cols + 1)
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    pos = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)
    tex = np.stack([(lo + np.pi) / (2 * np.pi), (np.pi / 2 - la) / np.pi], axis=-1)
    i = np.arange(rows)[:, None] * (cols + 1) + np.arange(cols)[None, :]
    quads = np.stack([i, i + 1, i + cols + 1, i + 1, i + cols + 2, i + cols + 1], axis=-1)
    return (pos.reshape(-1, 3).astype(np.float32), tex.reshape(-1, 2).astype(np.float32),
            quads.reshape(-1, 3).astype(np.uint32))


class EarthVisual(Visual):
    def __init__(self, image: np.ndarray):
        super().__init__(vcode=EARTH_VERT, fcode=EARTH_FRAG)
        pos, tex, faces = uv_sphere()
        self.shared_program["a_position"] = gloo.VertexBuffer(pos)
        self.shared_program["a_texcoord"] = gloo.VertexBuffer(tex)
        self.shared_program["u_texture"] = gloo.Texture2D(image, interpolation="linear",
                                                         wrapping="repeat")
        self.shared_program["u_sun"] = (1.0, 0.0, 0.0)
        self._index_buffer = gloo.IndexBuffer(faces)
        self._draw_mode = "triangles"
        self.set_gl_state("opaque", depth_test=True, cull_face=False)

    def set_sun(self, sun_unit_itrs) -> None:
        self.shared_program["u_sun"] = tuple(float(x) for x in sun_unit_itrs)
        self.update()

    def _prepare_transforms(self, view):
        view.view_program.vert["transform"] = view.get_transform()

    def _prepare_draw(self, view):
        return True

    def _compute_bounds(self, axis, view):
        return (-1.0, 1.0)


POINTS_VERT = """
attribute vec3 a_position;
attribute vec4 a_colour;
uniform float u_size;
varying vec4 v_colour;
void main() {
    gl_Position = $transform(vec4(a_position, 1.0));
    gl_PointSize = u_size;
    v_colour = a_colour;
}
"""

POINTS_FRAG = """
uniform float u_hole;        // 0: a disc; 0 < r < 0.5: a ring whose inner radius is r (of the size)
varying vec4 v_colour;
void main() {
    vec2 d = gl_PointCoord - vec2(0.5);
    float r2 = dot(d, d);
    if (r2 > 0.25 || r2 < u_hole * u_hole) discard;
    gl_FragColor = v_colour;
}
"""


class PointsVisual(Visual):
    def __init__(self, size: float = 4.0, ring: bool = False):
        super().__init__(vcode=POINTS_VERT, fcode=POINTS_FRAG)
        self.shared_program["u_hole"] = 0.32 if ring else 0.0
        self._positions = gloo.VertexBuffer(np.zeros((1, 3), np.float32))
        self._colours = gloo.VertexBuffer(np.zeros((1, 4), np.float32))
        self.shared_program["a_position"] = self._positions
        self.shared_program["a_colour"] = self._colours
        self.shared_program["u_size"] = float(size)
        self._count = 0
        self._draw_mode = "points"
        self.set_gl_state("translucent", depth_test=True)

    @property
    def count(self) -> int:
        return self._count

    def set_data(self, positions: np.ndarray, colours: np.ndarray) -> None:
        """positions (N, 3), colours (N, 4) floats in 0..1."""
        self._count = len(positions)
        if self._count:
            self._positions.set_data(np.ascontiguousarray(positions, np.float32))
            self._colours.set_data(np.ascontiguousarray(colours, np.float32))
        self.update()

    def set_size(self, size: float) -> None:
        self.shared_program["u_size"] = float(size)
        self.update()

    def _prepare_transforms(self, view):
        view.view_program.vert["transform"] = view.get_transform()

    def _prepare_draw(self, view):
        return self._count > 0

    def _compute_bounds(self, axis, view):
        return (-1.0, 1.0)


Earth = create_visual_node(EarthVisual)
Points = create_visual_node(PointsVisual)
