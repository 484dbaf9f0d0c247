"""A study's results table: one row per point, its inputs, its KPIs, whether it was evaluated.

Columns (Parquet and CSV alike)::

    row | <input path> ... | <KPI key> ... | ok | error

``row`` is the point's index in the study (the input order); input columns hold the values asked
for, in the scenario field's own unit (``launch.cost_usd_per_kg`` in USD/kg); KPI columns hold
float64 values in the KPI's unit (NaN where the row failed or the KPI has no value, e.g. a
replacement figure of a mission without failures). An orbital KPI is keyed by its name
(``cost_per_exaflop_usd``), a terrestrial site's as ``site:<site name>:<key>``.

Metadata (strings; Parquet schema metadata, CSV leading ``# key=<JSON string>`` lines): the list
of paths and KPI keys, the package versions, the base scenario file text, the wall time in
seconds, whether the study was cancelled, and the study spec's JSON where one was given.

Files are written atomically (a temporary file beside the target, then renamed over it), with
the scenario file's helpers. ``StudyParquetWriter`` streams a study to Parquet chunk by chunk, so
memory stays bounded however many points a study has.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from orbitdesk.model.fileformat import atomic_write_text, replace_atomically, save_target, temp_path_beside

RESERVED = ("row", "ok", "error")
FORMAT = "orbitdesk.study-table"
TABLE_VERSION = 1


def package_versions() -> dict[str, str]:
    """Installed versions of the packages a table's figures depend on ('' where one is missing)."""
    out = {}
    for name in ("orbitdesk", "numpy", "dask", "distributed", "pyarrow"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = ""
    return out


def check_names(paths, kpis) -> None:
    """Refuse column names that repeat or take a reserved name (ValueError naming them)."""
    names = tuple(paths) + tuple(kpis)
    clash = sorted({n for n in names if names.count(n) > 1 or n in RESERVED})
    if clash:
        raise ValueError(f"column names must be unique and not {', '.join(RESERVED)}: {', '.join(clash)}")


@dataclass
class StudyTable:
    """Rows of a study (N points, n_in inputs, n_kpi KPIs).

    paths: input scenario paths; values: (N, n_in) float64, the values asked for;
    kpis: KPI keys; kpi_values: (N, n_kpi) float64, NaN where not available; ok: (N,) bool;
    errors: N texts ('' for an ok row); index: (N,) int64 row numbers in the study (0..N-1 for a
    whole study, the evaluated ones for a cancelled or streamed part); metadata: str -> str.
    """

    paths: tuple[str, ...]
    values: np.ndarray
    kpis: tuple[str, ...]
    kpi_values: np.ndarray
    ok: np.ndarray
    errors: list[str]
    index: np.ndarray | None = None
    cancelled: bool = False
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.paths, self.kpis = tuple(self.paths), tuple(self.kpis)
        check_names(self.paths, self.kpis)
        n = len(self.errors)
        self.values = np.asarray(self.values, dtype=float).reshape(n, len(self.paths))
        self.kpi_values = np.asarray(self.kpi_values, dtype=float).reshape(n, len(self.kpis))
        self.ok = np.asarray(self.ok, dtype=bool).reshape(n)
        self.index = np.arange(n, dtype=np.int64) if self.index is None else np.asarray(self.index, np.int64)
        self.errors = [str(e) for e in self.errors]

    def __len__(self) -> int:
        return len(self.errors)

    def column(self, name: str) -> np.ndarray:
        """An input's or a KPI's column by its path or key."""
        if name in self.paths:
            return self.values[:, self.paths.index(name)]
        if name in self.kpis:
            return self.kpi_values[:, self.kpis.index(name)]
        raise KeyError(f"no column {name!r}; inputs: {', '.join(self.paths)}; KPIs: {', '.join(self.kpis)}")

    def take(self, rows) -> StudyTable:
        """The table of the given rows (positions in this table), same metadata."""
        rows = np.asarray(rows, dtype=np.int64)
        return StudyTable(self.paths, self.values[rows], self.kpis, self.kpi_values[rows], self.ok[rows],
                          [self.errors[i] for i in rows], self.index[rows], self.cancelled, dict(self.metadata))

    @staticmethod
    def concat(parts: list[StudyTable], **kw) -> StudyTable:
        """Parts of one study (same paths and KPIs) as one table sorted by row number."""
        first = parts[0]
        index = np.concatenate([p.index for p in parts]) if parts else np.zeros(0, np.int64)
        order = np.argsort(index, kind="stable")
        errors = [e for p in parts for e in p.errors]
        return StudyTable(first.paths, np.concatenate([p.values for p in parts])[order], first.kpis,
                          np.concatenate([p.kpi_values for p in parts])[order],
                          np.concatenate([p.ok for p in parts])[order], [errors[i] for i in order],
                          index[order], **kw)

    def file_metadata(self) -> dict[str, str]:
        """The metadata a file carries: this table's, plus its layout and the cancelled flag."""
        return {**self.metadata, "format": FORMAT, "format_version": str(TABLE_VERSION),
                "paths": json.dumps(self.paths), "kpis": json.dumps(self.kpis),
                "cancelled": json.dumps(self.cancelled)}


def _from_columns(meta: dict[str, str], rows, columns: dict[str, np.ndarray], ok, errors) -> StudyTable:
    paths, kpis = tuple(json.loads(meta["paths"])), tuple(json.loads(meta["kpis"]))
    cancelled = json.loads(meta.get("cancelled", "false"))
    own = {"format", "format_version", "paths", "kpis", "cancelled"}
    n = len(errors)
    values = np.column_stack([columns[p] for p in paths]) if paths else np.zeros((n, 0))
    kpi_values = np.column_stack([columns[k] for k in kpis]) if kpis else np.zeros((n, 0))
    table = StudyTable(paths, values, kpis, kpi_values, ok, errors, rows, cancelled,
                       {k: v for k, v in meta.items() if k not in own})
    return table.take(np.argsort(table.index, kind="stable"))


# --- Parquet ----------------------------------------------------------------------------------


def _arrow_schema(paths, kpis, metadata: dict[str, str]):
    import pyarrow as pa

    fields = ([pa.field("row", pa.int64())] + [pa.field(p, pa.float64()) for p in paths]
              + [pa.field(k, pa.float64()) for k in kpis]
              + [pa.field("ok", pa.bool_()), pa.field("error", pa.string())])
    return pa.schema(fields, metadata=metadata)


def _arrow_table(table: StudyTable, schema):
    import pyarrow as pa

    arrays = ([pa.array(table.index, pa.int64())] + [pa.array(table.values[:, j]) for j in range(len(table.paths))]
              + [pa.array(table.kpi_values[:, j]) for j in range(len(table.kpis))]
              + [pa.array(table.ok, pa.bool_()), pa.array(table.errors, pa.string())])
    return pa.Table.from_arrays(arrays, schema=schema)


def parquet_available() -> bool:
    """Whether pyarrow is installed (the study extra): without it a table is written as CSV."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def write_parquet(table: StudyTable, path: str | os.PathLike) -> None:
    """Write the table to a Parquet file atomically, its metadata in the schema metadata."""
    with StudyParquetWriter(path, table.paths, table.kpis, table.metadata) as writer:
        writer.write(table)
        writer.finish(cancelled=table.cancelled)


class StudyParquetWriter:
    """Stream a study's rows to Parquet chunk by chunk (each ``write`` adds a row group).

    The file appears at ``path`` (atomically) on ``close`` only; an exception inside the ``with``
    block removes the temporary file and leaves the target as it was. Metadata known only at the
    end (wall time, cancelled) go in through ``finish``. Rows may come in any order; ``row`` says
    where each belongs and ``read_parquet`` sorts by it.
    """

    def __init__(self, path: str | os.PathLike, paths, kpis, metadata: dict[str, str] | None = None):
        import pyarrow.parquet as pq

        self.path, self.paths, self.kpis = path, tuple(paths), tuple(kpis)
        check_names(self.paths, self.kpis)
        self._meta = {**(metadata or {}), "format": FORMAT, "format_version": str(TABLE_VERSION),
                      "paths": json.dumps(self.paths), "kpis": json.dumps(self.kpis), "cancelled": "false"}
        self._schema = _arrow_schema(self.paths, self.kpis, self._meta)
        fd, self._tmp = temp_path_beside(save_target(path))
        os.close(fd)
        self._writer = pq.ParquetWriter(self._tmp, self._schema)
        self.rows_written = 0

    def write(self, part: StudyTable) -> None:
        if part.paths != self.paths or part.kpis != self.kpis:
            raise ValueError("a part's inputs and KPIs must be the writer's")
        if len(part):
            self._writer.write_table(_arrow_table(part, self._schema))
            self.rows_written += len(part)

    def finish(self, cancelled: bool = False, **metadata: str) -> None:
        """Metadata to add at the end: the cancelled flag and any others (e.g. wall_s)."""
        extra = {**{k: str(v) for k, v in metadata.items()}, "cancelled": json.dumps(bool(cancelled))}
        self._writer.add_key_value_metadata(extra)

    def close(self) -> None:
        self._writer.close()
        replace_atomically(self._tmp, self.path)

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            Path(self._tmp).unlink(missing_ok=True)

    def __enter__(self) -> StudyParquetWriter:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def read_parquet(path: str | os.PathLike) -> StudyTable:
    """A table written by ``write_parquet`` or ``StudyParquetWriter``, rows sorted by row number."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as f:
        t = f.read()
        # the file's key-value metadata: the schema's, updated by those a streamed write added at the end
        raw = {**(t.schema.metadata or {}), **(f.metadata.metadata or {})}
    meta = {k.decode(): v.decode() for k, v in raw.items() if k != b"ARROW:schema"}
    if meta.get("format") != FORMAT:
        raise ValueError(f"{os.fspath(path)} is not an OrbitDesk study table")
    columns = {name: t.column(name).to_numpy(zero_copy_only=False) for name in t.column_names}
    return _from_columns(meta, columns["row"], columns, columns["ok"], t.column("error").to_pylist())


# --- CSV --------------------------------------------------------------------------------------


def table_to_csv(table: StudyTable) -> str:
    """CSV text: ``# key=<JSON string>`` metadata lines, a header of column names, one line per
    row; floats as Python's shortest round-trip text (``nan`` for NaN), ok as 1 or 0."""
    out = io.StringIO(newline="")
    for key, value in table.file_metadata().items():
        out.write(f"# {key}={json.dumps(value)}\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["row", *table.paths, *table.kpis, "ok", "error"])
    for i in range(len(table)):
        w.writerow([int(table.index[i]), *map(repr, table.values[i].tolist()),
                    *map(repr, table.kpi_values[i].tolist()), int(table.ok[i]), table.errors[i]])
    return out.getvalue()


def write_csv(table: StudyTable, path: str | os.PathLike) -> None:
    """Write ``table_to_csv`` text to ``path`` atomically."""
    atomic_write_text(path, table_to_csv(table))


def read_csv(path: str | os.PathLike) -> StudyTable:
    """A table written by ``write_csv`` (rows sorted by row number)."""
    text = Path(path).read_text(encoding="utf-8")
    meta, lines = {}, text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("# "):
        key, _, value = lines[start][2:].rstrip("\n").partition("=")
        meta[key] = json.loads(value)
        start += 1
    if meta.get("format") != FORMAT:
        raise ValueError(f"{os.fspath(path)} is not an OrbitDesk study table")
    reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""))
    header = next(reader)
    body = list(reader)
    cols = list(zip(*body, strict=True)) if body else [()] * len(header)
    columns = {name: np.array(col, dtype=float) for name, col in zip(header[1:-2], cols[1:-2], strict=True)}
    return _from_columns(meta, np.array(cols[0], dtype=np.int64), columns,
                         np.array(cols[-2], dtype=int).astype(bool), list(cols[-1]))
