"""Two-line element text: split, checksum and parse into named records (no propagation here,
except ``first_decayed``, which asks SGP4 whether each satellite still flies at a given time).

Line numbers in messages count every physical line of the text (comments and blank lines too),
so they match what an editor shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from orbitdesk.model.errors import first_control

LINE_LENGTH = 69  # columns of a TLE line; column 69 is the checksum digit
MAX_TLE_SATELLITES = 100_000  # the whole public catalogue in orbit is about 30,000 objects
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class TLE:
    name: str
    line1: str
    line2: str
    first_line: int = 0  # physical line (1-based) of its line 1 in the text it came from


# checksum: digits count their value, '-' counts 1, everything else 0 (bytes.translate, in C)
_MINUS_AS_ONE = bytes.maketrans(b"-", b"1")
_NOT_COUNTED = bytes(c for c in range(256) if chr(c) not in "0123456789-")


def _checksum(line: str) -> int:
    digits = line[:68].encode("ascii", "replace").translate(_MINUS_AS_ONE, _NOT_COUNTED)
    return (sum(digits) - 48 * len(digits)) % 10


def _check_line(n: int, ln: str) -> None:
    if len(ln) < LINE_LENGTH:
        raise ValueError(f"TLE line {n}: {len(ln)} characters, a TLE line has {LINE_LENGTH}")
    if len(ln) > LINE_LENGTH:
        raise ValueError(f"TLE line {n}: {len(ln)} characters, a TLE line has {LINE_LENGTH} "
                         "(is it two lines run together?)")
    if not ln[68].isdigit():
        raise ValueError(f"TLE line {n}: column 69 must be the checksum digit, got {ln[68]!r}")
    if int(ln[68]) != _checksum(ln):
        raise ValueError(f"TLE line {n}: checksum {ln[68]} is wrong, expected {_checksum(ln)}")


def parse_tle(text: str) -> tuple[TLE, ...]:
    """Parse 2-line or 3-line (name + 2 lines) TLE text (lines starting with # are comments);
    ValueError names the bad line (counting every physical line)."""
    return _parsed(text)[0]


def satrecs(text: str) -> tuple:
    """The SGP4 satellites of ``parse_tle(text)``, built once per text (``Satrec`` is immutable
    in use: sgp4() does not change its elements)."""
    return _parsed(text)[1]


@lru_cache(maxsize=16)
def _parsed(text: str) -> tuple[tuple[TLE, ...], tuple]:
    from sgp4.api import Satrec

    lines: list[tuple[int, str]] = []
    for n, raw in enumerate(_NEWLINE.split(text), start=1):
        ln = raw.rstrip()
        if not ln.strip() or ln.startswith("#"):
            continue
        if (c := first_control(ln)) is not None:
            raise ValueError(f"TLE line {n}: control character U+{ord(ln[c]):04X} in column {c + 1}")
        lines.append((n, ln))
    out: list[TLE] = []
    sats = []
    i = 0
    while i < len(lines):
        name = ""
        if not lines[i][1].startswith("1 "):
            name = lines[i][1].strip().removeprefix("0 ").strip()
            i += 1
        where = lines[i][0] if i < len(lines) else lines[-1][0] + 1
        if i + 1 >= len(lines) or not lines[i][1].startswith("1 ") or not lines[i + 1][1].startswith("2 "):
            raise ValueError(
                f"TLE line {where}: expected a '1 ' line followed by a '2 ' line"
                + (f" after the name {name!r}" if name else "")
            )
        (n1, l1), (n2, l2) = lines[i], lines[i + 1]
        _check_line(n1, l1)
        _check_line(n2, l2)
        if l1[2:7] != l2[2:7]:
            raise ValueError(f"TLE lines {n1} and {n2}: catalogue numbers {l1[2:7].strip()!r} and "
                             f"{l2[2:7].strip()!r} differ; the two lines belong to different satellites")
        sat = Satrec.twoline2rv(l1, l2)
        if sat.error:
            raise ValueError(f"TLE lines {n1}-{n2}: SGP4 rejects the elements (error {sat.error})")
        out.append(TLE(name or f"NORAD {l1[2:7].strip()}", l1, l2, n1))
        sats.append(sat)
        if len(out) > MAX_TLE_SATELLITES:
            raise ValueError(f"TLE line {n1}: more than {MAX_TLE_SATELLITES:,} satellites in one set "
                             f"(the limit); split the file into several TLE sets")
        i += 2
    if not out:
        raise ValueError("the TLE text holds no satellite")
    return tuple(out), tuple(sats)


_SGP4_ERRORS = {
    1: "mean eccentricity out of range", 2: "mean motion below zero", 3: "eccentricity out of range",
    4: "semi-latus rectum below zero", 6: "the orbit lies inside the Earth",
}


@lru_cache(maxsize=16)
def first_decayed(text: str, when: datetime) -> tuple[TLE, str] | None:
    """The first satellite of ``text`` that SGP4 cannot propagate to ``when`` (UTC), and why;
    None when all fly. A TLE from a satellite that re-entered long ago ends here."""
    import numpy as np
    from sgp4.api import SatrecArray, jday

    recs = parse_tle(text)
    jd, fr = jday(when.year, when.month, when.day, when.hour, when.minute,
                  when.second + when.microsecond * 1e-6)
    err, _, _ = SatrecArray(list(satrecs(text))).sgp4(
        np.array([jd]), np.array([fr]))
    bad = np.flatnonzero(err[:, 0])
    if not bad.size:
        return None
    code = int(err[bad[0], 0])
    return recs[bad[0]], (f"its orbit has decayed by then (SGP4 error {code}: "
                          f"{_SGP4_ERRORS.get(code, 'no solution')})")
