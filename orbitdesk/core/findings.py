"""Warnings that name the field to change: ``Finding`` is a ``str`` (its text, for every consumer
that prints or joins warnings) carrying the scenario path of the field that fixes it.

``Finding("…", "designs[0].radiator.area_m2")``: ``.field`` is the path (usable with
``orbitdesk.model.edit.get_value``/``with_value``) or None, ``.section`` its first part
("designs", "shells", "launch", ...) and ``.index`` the part's index in that section (or None).
"""

from __future__ import annotations

from orbitdesk.model.edit import parse_path


class Finding(str):
    """A warning's text (the str value) and the field to change (``.field``, a scenario path)."""

    field: str | None

    def __new__(cls, text: str, field: str | None = None) -> Finding:
        obj = super().__new__(cls, text)
        obj.field = field
        return obj

    def __reduce__(self):  # pickles (the runner may send results between processes) with its field
        return (Finding, (str(self), self.field))

    @property
    def text(self) -> str:
        return str(self)

    @property
    def section(self) -> str | None:
        """The scenario section holding the field: 'designs', 'shells', 'launch', 'economics', ..."""
        if self.field is None:
            return None
        first = parse_path(self.field)[0]
        return first if isinstance(first, str) else None

    @property
    def index(self) -> int | None:
        """Index of the part within its section ('designs[2].…' -> 2), None for single parts."""
        if self.field is None:
            return None
        keys = parse_path(self.field)
        return keys[1] if len(keys) > 1 and isinstance(keys[1], int) else None

    def to_dict(self) -> dict:
        return {"text": str(self), "field": self.field}

    def __repr__(self) -> str:
        return f"Finding({str(self)!r}, field={self.field!r})"
