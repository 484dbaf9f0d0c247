"""Two-line element text: split, checksum and parse into named records (no propagation here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class TLE:
    name: str
    line1: str
    line2: str


def _checksum(line: str) -> int:
    return sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10


@lru_cache(maxsize=64)
def parse_tle(text: str) -> tuple[TLE, ...]:
    """Parse 2-line or 3-line (name + 2 lines) TLE text (lines starting with # are comments);
    ValueError names the bad line."""
    from sgp4.api import Satrec

    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out: list[TLE] = []
    i = 0
    while i < len(lines):
        name = ""
        if not lines[i].startswith("1 "):
            name = lines[i].strip().removeprefix("0 ").strip()
            i += 1
        if i + 1 >= len(lines) or not lines[i].startswith("1 ") or not lines[i + 1].startswith("2 "):
            raise ValueError(
                f"TLE line {i + 1}: expected a '1 ' line followed by a '2 ' line"
                + (f" after the name {name!r}" if name else "")
            )
        l1, l2 = lines[i], lines[i + 1]
        for n, ln in ((i + 1, l1), (i + 2, l2)):
            if len(ln) < 69:
                raise ValueError(f"TLE line {n}: {len(ln)} characters, a TLE line has 69")
            if ln[68].isdigit() and int(ln[68]) != _checksum(ln):
                raise ValueError(f"TLE line {n}: checksum {ln[68]} is wrong, expected {_checksum(ln)}")
        sat = Satrec.twoline2rv(l1, l2)
        if sat.error:
            raise ValueError(f"TLE lines {i + 1}-{i + 2}: SGP4 rejects the elements (error {sat.error})")
        out.append(TLE(name or f"NORAD {l1[2:7].strip()}", l1, l2))
        i += 2
    if not out:
        raise ValueError("the TLE text holds no satellite")
    return tuple(out)
