"""The data segment (issue 11): link budgets against outside references, the day's capacity
against conservation, and the trades pointing the right way."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.core import evaluate, links
from orbitdesk.core.data_segment import _fill_antennas, day_sample, great_circle_km
from orbitdesk.core.ephemeris import times, timescale
from orbitdesk.core.ground import station_itrs_km, visibility
from orbitdesk.model import with_value
from orbitdesk.model.scenario import GroundStation, Links
from orbitdesk.model.tle import parse_tle

DB_TOL = 0.05  # dB: ITU-R P.525's 32.4 and F.699's 7.7 are rounded to 0.05 dB


@pytest.mark.parametrize("range_km, ghz", [(500.0, 8.2), (1_500.0, 26.0), (2_500.0, 2.2), (36_000.0, 20.0)])
def test_free_space_loss_is_itu_r_p525(range_km, ghz):
    """ITU-R P.525-4 eq. (4): L_bf = 32.4 + 20 log f(MHz) + 20 log d(km) dB."""
    itu = 32.4 + 20 * np.log10(ghz * 1e3) + 20 * np.log10(range_km)
    assert links.free_space_loss_db(range_km, ghz) == pytest.approx(itu, abs=DB_TOL)


@pytest.mark.parametrize("d_m, ghz", [(0.5, 26.0), (7.3, 8.2), (13.0, 26.0)])
def test_dish_gain_is_itu_r_f699(d_m, ghz):
    """ITU-R F.699: G_max = 20 log(D/λ) + 7.7 dBi for a dish of about 60 % efficiency."""
    lam = 299_792_458.0 / (ghz * 1e9)
    assert links.dish_gain_dbi(d_m, ghz) == pytest.approx(20 * np.log10(d_m / lam) + 7.7, abs=DB_TOL)


def test_carrier_to_noise_density_matches_the_peer_link_budget():
    """spacedc-mdao's (orbitdc) RF link budget, test-only: C/N0 of the same link to 0.01 dB."""
    rf = pytest.importorskip("orbitdc.models.rf")
    p_w, tx_m, rx_m, t_sys, d_km, ghz, loss = 20.0, 0.5, 7.3, 250.0, 1_234.0, 26.0, 1.3
    g_tx, g_rx = rf.aperture_gain_dbi(tx_m, ghz * 1e9), rf.aperture_gain_dbi(rx_m, ghz * 1e9)
    theirs = rf.link_margin(tx_power_dbw=10 * np.log10(p_w), tx_gain_dbi=g_tx, rx_gain_dbi=g_rx, range_m=d_km * 1e3,
                            freq_hz=ghz * 1e9, system_noise_temp_k=t_sys, data_rate_bps=1e9,
                            required_ebn0_db=0.0, other_losses_db=loss).cn0_dbhz
    ours = links.carrier_to_noise_density_dbhz(p_w, links.dish_gain_dbi(tx_m, ghz), links.dish_gain_dbi(rx_m, ghz),
                                               t_sys, d_km, ghz, loss)
    assert ours == pytest.approx(theirs, abs=0.01)


def test_the_rate_picks_the_best_dvb_s2_mode_the_link_closes():
    """At Es/N0 just above a mode's threshold plus the margin, that mode's bits per symbol; just
    below QPSK 1/4's, nothing (ETSI EN 302 307-1 Table 13)."""
    bw = 1.2e9  # symbol rate 1 GBd at roll-off 0.2
    for name, need, _bits in links.DVB_S2:
        cn0 = need + links.MARGIN_DB + 90.0 + 1e-6  # 10 log10(1e9) = 90
        better = [b for _, n, b in links.DVB_S2 if n <= need + 1e-9]
        assert links.dvb_s2_rate_bps(cn0, bw) == pytest.approx(1e9 * max(better)), name
    assert links.dvb_s2_rate_bps(-2.35 + links.MARGIN_DB + 90.0 - 0.01, bw) == 0.0


def test_the_rf_rate_falls_with_range_and_rises_with_the_dish():
    lk, st = Links(), GroundStation(name="g", latitude_deg=0, longitude_deg=0, min_elevation_deg=10)
    ranges = np.array([600.0, 1_000.0, 2_000.0, 3_000.0, 40_000.0])
    rate = links.rf_downlink_bps(lk, st, ranges, np.full(5, 0.5))
    assert np.all(np.diff(rate) <= 0) and rate[0] > rate[-1]
    small = links.rf_downlink_bps(lk, st.model_copy(update={"dish_m": 1.0}), ranges, np.full(5, 0.5))
    assert np.all(small <= rate) and small[-1] < rate[-1]


def test_optical_power_follows_the_inverse_square_law_up_to_the_modem_rate():
    lk = Links(optical_ground_terminals=1, optical_power_w=1.0, optical_rate_gbps=1e4)
    st = GroundStation(name="g", latitude_deg=0, longitude_deg=0, min_elevation_deg=10, optical_aperture_m=0.4)
    r = links.optical_downlink_bps(lk, st, np.array([1_000.0, 2_000.0, 4_000.0]))
    np.testing.assert_allclose(r[:-1] / r[1:], 4.0, rtol=1e-12)
    capped = links.optical_downlink_bps(lk.model_copy(update={"optical_rate_gbps": 1.0}), st, np.array([1_000.0]))
    assert capped[0] == 1e9
    assert links.optical_downlink_bps(lk, st.model_copy(update={"optical_aperture_m": 0.0}), r).sum() == 0.0


def test_slant_range_matches_skyfield(scenario, sample_tle_text):
    """Range from a station to a TLE satellite, ours (the day's geometry) vs skyfield's
    (sat - topos).at(t).distance(), within 0.1 km over two hours."""
    from skyfield.api import EarthSatellite, wgs84
    from skyfield.framelib import itrs

    rec = parse_tle(sample_tle_text)[0]
    sat = EarthSatellite(rec.line1, rec.line2, rec.name, timescale())
    t = times(scenario.epoch, np.arange(0.0, 7_200.0, 300.0))
    theirs = (sat - wgs84.latlon(64.86, -147.85)).at(t).distance().km
    pos, up = station_itrs_km([64.86], [-147.85])
    ours = visibility(np.asarray(sat.at(t).frame_xyz(itrs).km)[:, None, :], pos, up, [10.0]).range_km[0, :, 0]
    np.testing.assert_allclose(ours, theirs, atol=0.1)


def test_great_circle_distance_of_a_quarter_meridian():
    """Equator to pole: π/2 of the IUGG mean radius (6,371.0088 km): 10,007.5 km."""
    assert great_circle_km(0.0, 10.0, 90.0, 10.0) == pytest.approx(10_007.5, abs=0.1)


def test_antennas_carry_no_more_than_they_see():
    """Conservation: the antennas give each sample at most its own rate and in all no more than
    ``antennas`` satellites' worth of the best rates in view; with antennas to spare, all of it."""
    rng = np.random.default_rng(4)
    rate = np.where(rng.random((12, 40)) < 0.4, rng.uniform(1e8, 5e9, (12, 40)), 0.0)
    weight = rng.uniform(0.3, 3.0, 12)
    for antennas in (0, 1, 3, 1000):
        got = _fill_antennas(rate, weight, antennas)
        assert np.all(got <= rate + 1e-6) and np.all(got >= 0)
        assert np.all((got / np.where(rate > 0, rate, 1) * weight[:, None]).sum(axis=0) <= antennas + 1e-9)
        best = np.sort(rate, axis=0)[::-1]
        assert np.all((got * weight[:, None]).sum(axis=0) <= best.max(axis=0) * antennas + 1e-3)
    np.testing.assert_allclose(_fill_antennas(rate, weight, 1000), rate)


def test_the_days_capacity_is_what_the_stations_carry(scenario):
    day = day_sample(scenario)
    carried = (day.served_bps * day.weight[:, None]).sum(axis=0)
    np.testing.assert_allclose(carried, day.capacity_bps.sum(axis=0), rtol=1e-12)
    per_antenna = links.rf_downlink_bps(Links(), scenario.ground_stations[0], np.array([500.0]), np.array([1.0]))[0]
    assert np.all(day.capacity_bps <= 4 * per_antenna * (1 + 1e-12))  # 4 antennas, none beats the zenith rate


def test_the_default_scenario_reads_its_data_segment(scenario):
    """The issue's Done-when figures on the default scenario: the day's downlink against both
    workload classes, the round trip to US East users next to Colossus 1's."""
    r = evaluate(scenario)
    k = r.kpis
    assert k["downlink_bits_per_day"] > 0
    assert 0 < k["training_need_bits_per_day"] < k["inference_need_bits_per_day"]
    assert k["data_need_bits_per_day"] == k["training_need_bits_per_day"]  # the default shell trains
    assert 0 < k["user_round_trip_p50_s"] <= k["user_round_trip_p95_s"]
    colossus = r.terrestrial_kpis["Colossus 1 (Memphis, TN; leased)"]["user_round_trip_p50_s"]
    assert colossus < k["user_round_trip_p50_s"]  # polar stations are far from New York
    assert k["cost_per_useful_exaflop_usd"] >= k["cost_per_exaflop_usd"] * (1 - 1e-12)  # equal but for rounding


def test_trades_point_the_right_way(scenario):
    """Fewer antennas carry less and, once data binds, the useful compute falls and its cost
    rises; inference needs more data than training; without inter-satellite links fewer
    satellites answer within the latency budget."""
    base = evaluate(scenario).kpis
    one = scenario
    for i in range(len(scenario.ground_stations)):
        one = with_value(one, f"ground_stations[{i}].antennas", 1 if i == 0 else 0)
    thin = evaluate(with_value(one, "shells[0].workload.kind", "inference")).kpis
    none = evaluate(with_value(one, "ground_stations[0].antennas", 0)).kpis  # no terminal anywhere
    assert none["downlink_bits_per_day"] == 0 and none["user_answered_share"] == 0
    assert none["user_round_trip_p50_s"] is None and none["useful_compute_share"] == 0
    silent = evaluate(with_value(scenario, "designs[0].links.rf_power_w", 0.0)).kpis  # a new user's find
    assert silent["downlink_bits_per_day"] == 0 and silent["user_answered_share"] == 0
    assert silent["user_round_trip_p50_s"] is None
    bare = evaluate(scenario.model_copy(update={"ground_stations": ()})).kpis  # every key, none valued
    for key in ("downlink_bits_per_day", "useful_compute_share", "user_round_trip_p50_s",
                "cost_per_useful_exaflop_usd"):
        assert key in bare and bare[key] is None, key
    assert thin["downlink_bits_per_day"] < base["downlink_bits_per_day"]
    assert thin["data_carried_share"] < 1.0
    assert thin["cost_per_useful_exaflop_usd"] > base["cost_per_useful_exaflop_usd"]
    infer = evaluate(with_value(scenario, "shells[0].workload.kind", "inference")).kpis
    assert infer["data_need_bits_per_day"] > base["data_need_bits_per_day"]
    no_isl = evaluate(with_value(with_value(scenario, "shells[0].workload.kind", "inference"),
                                 "designs[0].links.isl_terminals", 0)).kpis
    assert no_isl["latency_share"] < infer["latency_share"]
    assert no_isl["cost_per_useful_exaflop_usd"] > infer["cost_per_useful_exaflop_usd"]
    tight = evaluate(with_value(with_value(scenario, "shells[0].workload.kind", "inference"),
                                "shells[0].workload.latency_budget_ms", 50.0)).kpis
    assert tight["latency_share"] < infer["latency_share"]


def test_terminals_weigh_and_cost():
    from orbitdesk.core.budget import satellite_budget
    from orbitdesk.model import default_scenario

    d = default_scenario().designs[0]
    more = d.model_copy(update={"links": d.links.model_copy(update={"isl_terminals": 8})})
    a, b = satellite_budget(d), satellite_budget(more)
    assert b.links_mass_kg - a.links_mass_kg == pytest.approx(4 * d.links.terminal_mass_kg)
    assert b.mass_kg > a.mass_kg and b.hardware_cost_usd - a.hardware_cost_usd > 4 * d.links.terminal_cost_usd - 1


def test_station_networks_move_the_round_trip(scenario):
    """Issue 11 item 4: the presets from public positions. The default dawn-dusk SSO's four
    adjacent planes pass over the poles every orbit but over a mid-latitude or equatorial station
    only when the Earth turns it under them: the polar network carries more and reaches the users
    all day; the others leave them without an answer part of the day (no 95th percentile). The
    stations keep the scenario's terminals."""
    from orbitdesk.model.defaults import STATION_NETWORKS, station_network

    polar = evaluate(scenario).kpis
    for name in STATION_NETWORKS:
        stations = station_network(scenario, name)
        assert [g.name for g in stations] == [n for n, *_ in STATION_NETWORKS[name]]
        assert all(g.antennas == scenario.ground_stations[0].antennas for g in stations)
    assert polar["user_answered_share"] == 1.0
    for name in ("mid-latitude", "equatorial"):
        other = evaluate(scenario.model_copy(update={"ground_stations": station_network(scenario, name)})).kpis
        assert other["downlink_bits_per_day"] < polar["downlink_bits_per_day"]
        assert 0.0 < other["user_answered_share"] < 0.95 and other["user_round_trip_p95_s"] is None
        assert other["user_round_trip_p50_s"] > polar["user_round_trip_p50_s"]
    with pytest.raises(KeyError, match="known: polar"):
        station_network(scenario, "lunar")


def test_a_workload_the_data_segment_starves_is_warned_about_naming_the_fix():
    """Found open last session: a useful compute share of 0 gave no warning. Now a shell whose
    workload can use less than half its compute is warned about, naming what binds and the field."""
    from orbitdesk.core import evaluate
    from orbitdesk.model import default_scenario
    from orbitdesk.model.edit import with_value

    s = default_scenario()
    assert not [w for w in evaluate(s).warnings if "workload can use only" in w]
    mute = s
    for g in range(len(s.ground_stations)):
        mute = with_value(mute, f"ground_stations[{g}].antennas", 0)
    (w,) = [w for w in evaluate(mute).warnings if "workload can use only" in w]
    assert "0 %" in w and "no station has an antenna" in w and w.field == "ground_stations[0].antennas"
    rush = with_value(with_value(s, "shells[0].workload.kind", "inference"),
                      "shells[0].workload.latency_budget_ms", 20.0)
    (w,) = [w for w in evaluate(rush).warnings if "workload can use only" in w]
    assert "20 ms budget" in w and w.field == "shells[0].workload.latency_budget_ms"
