"""The allocator settings the entry point applies (core/allocator.py)."""

import ctypes
import sys

import pytest

from orbitdesk.core import allocator


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_glibc_takes_the_settings():
    try:
        ctypes.CDLL(None).mallopt  # noqa: B018
    except AttributeError:
        pytest.skip("no mallopt (not glibc)")
    assert allocator.keep_freed_memory()
    assert allocator.keep_freed_memory()  # applying twice is harmless


def test_the_entry_point_applies_them(monkeypatch, capsys):
    from orbitdesk import cli

    called = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: called.append(True) or True)
    with pytest.raises(SystemExit):  # argparse's --help exits after printing
        cli.main(["--help"])
    assert called == [True]
