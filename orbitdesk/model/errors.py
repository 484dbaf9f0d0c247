"""One readable message per refused input: the file, the field, the problem."""

from __future__ import annotations

from pydantic import ValidationError


def field_path(loc: tuple) -> str:
    """('designs', 0, 'radiator', 'emissivity') -> 'designs[0].radiator.emissivity'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("walker", "sso", "placed", "tle"):  # discriminated-union tags add nothing
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(scenario)"


def first_problem(err: ValidationError, count_others: bool = True) -> tuple[str, str]:
    """(field, problem) of the first error, the problem with the refused value and (unless
    ``count_others`` is False, as for one field in the GUI) a count of the others."""
    problems = err.errors(include_url=False)
    first = problems[0]
    text = first["msg"].removeprefix("Value error, ")
    if "input" in first and not isinstance(first["input"], (dict, list)) and first["type"] != "missing":
        shown = repr(first["input"])
        if len(shown) <= 60:
            text += f" (got {shown})"
    if count_others and len(problems) > 1:
        text += f"; and {len(problems) - 1} more problem(s)"
    return field_path(tuple(first["loc"])), text


def describe_validation_error(err: ValidationError) -> str:
    """'field: problem (got value)'."""
    field, problem = first_problem(err)
    return f"{field}: {problem}"


class ScenarioFileError(Exception):
    """A scenario file that cannot be used; ``str()`` names the file, the field and the problem."""

    def __init__(self, path: str, problem: str, field: str | None = None):
        self.path, self.problem, self.field = path, problem, field
        where = f"{path}: {field}: " if field else f"{path}: "
        super().__init__(where + problem)
