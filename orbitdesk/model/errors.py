"""One readable message per refused input: the file, the field, the problem."""

from __future__ import annotations

import re

from pydantic import ValidationError

# Characters a terminal or a text view may act on rather than show: C0 and C1 controls and DEL
# (category Cc: escape sequences, newlines, backspace), the line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates (they reorder the text shown around them).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def is_control(ch: str) -> bool:
    return _CONTROL.fullmatch(ch) is not None


def first_control(text: str) -> int | None:
    """Index of the first control character (see ``is_control``) in ``text``, or None."""
    m = _CONTROL.search(text)
    return m.start() if m else None


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to print: each control character written as a visible escape (``\\x1b``,
    ``\\n``, ``\\u202e``), so nothing in a name or a path acts on the terminal or splits a line."""
    if first_control(text) is None:
        return text
    out = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif is_control(ch):
            out.append(ch.encode("unicode_escape").decode("ascii") if ord(ch) > 0xFF or ch in "\n\r\t"
                       else f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


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


MAX_OTHERS_SHOWN = 2  # problems after the first, spelled out; the rest are named by field


def _problem_text(problem: dict) -> str:
    ctx = problem.get("ctx") or {}
    if problem["type"] == "too_short" and "min_length" in ctx:  # pydantic's "Tuple should have at least …"
        return f"needs at least {ctx['min_length']}, has {ctx.get('actual_length', 0)}"
    text = problem["msg"].removeprefix("Value error, ")
    if "input" in problem and not isinstance(problem["input"], (dict, list)) and problem["type"] != "missing":
        shown = repr(problem["input"])
        if len(shown) <= 60:
            text += f" (got {shown})"
    return text


def _short_for_its_items(problem: dict, problems: list[dict]) -> bool:
    """A tuple "too short" only because one of its own items failed (that item's problem is the news)."""
    loc = tuple(problem["loc"])
    return problem["type"] == "too_short" and any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][:len(loc)]) == loc for other in problems)


def first_problem(err: ValidationError, count_others: bool = True) -> tuple[str, str]:
    """(field, problem) of the first error, the problem with the refused value and (unless
    ``count_others`` is False, as for one field in the GUI) the others: the next two spelled out
    ("; also field: problem"), any further ones named by their fields — never a bare count."""
    problems = err.errors(include_url=False)
    problems = [p for p in problems if not _short_for_its_items(p, problems)] or problems
    first = problems[0]
    text = _problem_text(first)
    if count_others and len(problems) > 1:
        shown = problems[1:1 + MAX_OTHERS_SHOWN]
        text += "; also " + "; ".join(f"{field_path(tuple(p['loc']))}: {_problem_text(p)}" for p in shown)
        rest = problems[1 + MAX_OTHERS_SHOWN:]
        if rest:
            fields = [field_path(tuple(p["loc"])) for p in rest[:5]]
            text += f"; and {len(rest)} more, in {', '.join(fields)}" + (", …" if len(rest) > 5 else "")
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
