"""TLE text: every column-69 checksum is a digit and right, lines are 69 characters, line numbers
count every physical line, and a satellite that has decayed by the epoch is refused by name."""

import pytest
from pydantic import ValidationError

from orbitdesk.model import TLESet, describe_validation_error, with_value
from orbitdesk.model.tle import parse_tle

L1 = "1 90000U          27001.00000000  .00000000  00000-0  00000+0 0    01"
L2 = "2 90000  53.0000   0.0000 0001000   0.0000   0.0000 15.05490646    00"
# a synthetic satellite of October 1957 with drag (B* 5e-4) at 15.9 rev/day: long gone by 2027
OLD1 = "1 00001U          57279.50000000  .00000000  00000-0  50000-3 0    07"
OLD2 = "2 00001  65.3172   0.0000 0010000   0.0000   0.0000 15.90000000    03"


def test_a_good_record_parses_with_its_physical_line():
    (rec,) = parse_tle(f"# header\n\n# more\nSAT A\n{L1}\n{L2}\n")
    assert rec.name == "SAT A" and rec.first_line == 5


@pytest.mark.parametrize("text, words", [
    (f"{L1[:68]}X\n{L2}", "line 1: column 69 must be the checksum digit, got 'X'"),
    (f"{L1[:68]} \n{L2}", "line 1: 68 characters"),  # trailing blank stripped: too short
    (f"{L1}\n{L2}0", "line 2: 70 characters, a TLE line has 69"),
    (f"{L1}\n{L2[:68]}5", "line 2: checksum 5 is wrong, expected 0"),
    (f"{L1}\n{L2.replace('90000', '90001')[:68]}1", "catalogue numbers '90000' and '90001' differ"),
    (f"SAT\x1b[2J\n{L1}\n{L2}", "line 1: control character U+001B"),
])
def test_bad_lines_are_refused_naming_the_line(text, words):
    with pytest.raises(ValueError) as e:
        parse_tle(text)
    assert words in str(e.value)


def test_line_numbers_count_comment_and_blank_lines():
    text = f"# a comment\n\n# another\nSAT A\n{L1}\n{L2[:68]}5\n"
    with pytest.raises(ValueError, match=r"TLE line 6: checksum"):
        parse_tle(text)
    with pytest.raises(ValueError, match=r"TLE line 5: expected a '1 ' line followed by a '2 ' line"):
        parse_tle(f"# c\n\n# d\nSAT\n{L1}\n\n")
    with pytest.raises(ValueError, match=r"TLE line 3: 70 characters"):
        parse_tle(f"# c\r\n\r\n{L1}0\r\n{L2}\r\n")  # CRLF counts once


def test_a_decayed_satellite_is_refused_at_the_scenario_level(scenario):
    design = scenario.designs[0].name
    shell = TLESet(name="Old", design=design, tle_text=f"# 1957\nSPUTNIK 1\n{OLD1}\n{OLD2}\n")
    with pytest.raises(ValidationError) as e:
        with_value(scenario, "shells", (*scenario.shells, shell.model_dump()))
    message = describe_validation_error(e.value)
    assert "'SPUTNIK 1'" in message and "TLE line 3" in message and "decayed" in message
    assert "shells[1]" in message


def test_live_satellites_pass(scenario):
    shell = TLESet(name="Now", design=scenario.designs[0].name, tle_text=f"{L1}\n{L2}\n")
    s = with_value(scenario, "shells", (*scenario.shells, shell.model_dump()))
    assert s.satellite_count == scenario.satellite_count + 1
