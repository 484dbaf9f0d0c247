"""Scenario A against scenario B: the orbital KPIs side by side with B − A and the change in per
cent, row by row as the KPI table (orbitdesk/report.py ROWS, in their shown units). The window's
KPI table and the report both read these rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from orbitdesk.report import NO_VALUE, ROWS, Row, fmt, fmt_count


@dataclass(frozen=True)
class Difference:
    row: Row
    a: float | None
    b: float | None

    @property
    def delta(self) -> float | None:
        if not (_finite(self.a) and _finite(self.b)):
            return None
        return float(self.b) - float(self.a)

    @property
    def change(self) -> float | None:
        """(B − A) / |A|, None where A is 0 or either is missing."""
        d = self.delta
        return None if d is None or self.a == 0 else d / abs(float(self.a))

    def cells(self) -> list[str]:
        """[A, B, B − A, change] as the table shows them (the row's unit; "–" where none)."""
        d, c = self.delta, self.change
        shown = fmt_count(d) if self.row.integer and d is not None else fmt(d, self.row.divisor)
        delta = NO_VALUE if d is None else ("0" if d == 0 else ("+" if d > 0 else "") + shown)
        change = NO_VALUE if c is None else ("0 %" if c == 0 else f"{c * 100:+.1f} %")
        return [self.row.format(self.a), self.row.format(self.b), delta, change]


def _finite(v) -> bool:
    return v is not None and isinstance(v, (int, float)) and math.isfinite(v)


def differences(a, b) -> list[Difference]:
    """One ``Difference`` per orbital KPI row, in ROWS order (rows without an orbital value are left out)."""
    return [Difference(row, a.kpis.get(row.key), b.kpis.get(row.key)) for row in ROWS if row.orbital]


def changed(diffs: list[Difference]) -> list[Difference]:
    """The rows whose value moved (beyond one part in 10⁹)."""
    return [d for d in diffs if d.delta is not None and abs(d.delta) > 1e-9 * max(abs(d.a or 0), abs(d.b or 0), 1e-300)]
