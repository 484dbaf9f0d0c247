"""The command line refuses hostile files with exit 2 and one line, escapes what it echoes, and
never reaches for the network when a data file of the installation is missing."""

import json
import os
import socket
import subprocess
import sys

import pytest

from orbitdesk import cli


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "orbitdesk", *args], capture_output=True, text=True,
                          timeout=60, **kw)


def assert_one_line_refusal(out, *words):
    assert out.returncode == 2, out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr
    lines = out.stderr.strip().split("\n")
    assert len(lines) == 1, out.stderr
    for w in words:
        assert w in lines[0]
    assert "\x1b" not in out.stderr


@pytest.mark.parametrize("text, words", [
    ('{"a": ' * 1_000 + "1" + "}" * 1_000, "nested 1000 levels deep"),
    ('{"format": "orbitdesk.scenario", "version": ' + "9" * 5_000 + "}", "4300 digits"),
])
def test_deep_or_huge_json_exits_2(tmp_path, text, words):
    path = tmp_path / "bad.orbitdesk.json"
    path.write_text(text)
    assert_one_line_refusal(run("evaluate", str(path)), str(path), words)


def test_dev_zero_is_refused_at_once():
    assert_one_line_refusal(run("evaluate", "/dev/zero"), "/dev/zero", "not a regular file")


def test_a_fifo_is_refused_without_hanging(tmp_path):
    path = tmp_path / "pipe.orbitdesk.json"
    os.mkfifo(path)
    assert_one_line_refusal(run("evaluate", str(path)), "not a regular file")


def test_a_folder_is_refused(tmp_path):
    assert_one_line_refusal(run("evaluate", str(tmp_path)), "is a folder")


def test_escape_codes_and_newlines_in_a_path_are_shown_not_run(tmp_path):
    path = tmp_path / "evil\x1b]0;pwned\x07\nsecond line.orbitdesk.json"
    path.write_text("{broken")
    out = run("evaluate", str(path))
    assert_one_line_refusal(out, "\\x1b]0;pwned\\x07\\nsecond line", "not valid JSON")


def test_a_name_with_a_newline_is_refused_naming_the_field(tmp_path):
    doc = json.loads(run("example").stdout)
    doc["scenario"]["designs"][0]["name"] = "AI sat\n\x1b[31mred"
    path = tmp_path / "s.orbitdesk.json"
    path.write_text(json.dumps(doc))
    assert_one_line_refusal(run("evaluate", str(path)), "scenario.designs[0].name",
                            "control character U+000A")


def test_printed_table_escapes_controls():
    class R:
        scenario_name = "x\x1b[2Jy"
        warnings = ("w\x9bz",)

    import orbitdesk.report as report

    orig = report.kpi_cells
    report.kpi_cells = lambda r, **_: (["KPI", "Orbital"], [["a\x07", "1"]])
    try:
        text = cli.kpi_table(R())
    finally:
        report.kpi_cells = orig
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "x\\x1b[2Jy" in text and "w\\x9bz" in text


def test_missing_ephemeris_fails_with_a_repair_hint_and_no_download(tmp_path, monkeypatch, capsys):
    """A broken install: de421.bsp is gone. Exit 3, one line, and nothing touches the network."""
    import skyfield.iokit
    import skyfield_data

    from orbitdesk.core import ephemeris
    from orbitdesk.model import default_scenario, save_scenario, with_value

    # an epoch no other test evaluates, so no cached geometry hides the missing file
    path = tmp_path / "s.orbitdesk.json"
    save_scenario(with_value(default_scenario(), "epoch", "2031-03-03T03:03:03Z"), path)

    def no_network(*a, **k):
        raise AssertionError("tried to reach the network")

    monkeypatch.setattr(skyfield_data, "get_skyfield_data_path", lambda: str(tmp_path / "empty"))
    monkeypatch.setattr(skyfield.iokit, "download", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    ephemeris.ephemeris.cache_clear()
    try:
        status = cli.main(["evaluate", str(path)])
    finally:
        ephemeris.ephemeris.cache_clear()
    err = capsys.readouterr().err
    assert status == cli.EXIT_BROKEN_INSTALL
    assert len(err.strip().splitlines()) == 1
    assert "de421.bsp is missing from this installation" in err and "reinstall" in err
    assert "skyfield-data" in err
