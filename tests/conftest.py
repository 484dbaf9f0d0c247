"""Shared fixtures: the default scenario and small variants of it."""

import pytest

from orbitdesk.model import default_scenario
from orbitdesk.paths import resource


@pytest.fixture(scope="session")
def scenario():
    return default_scenario()


@pytest.fixture(scope="session")
def sample_tle_text():
    return resource("tle", "synthetic_walker_550km.tle").read_text()

