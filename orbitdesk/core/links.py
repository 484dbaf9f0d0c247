"""Link budgets of the data segment (README, "The data segment"): RF and optical downlinks.

RF: the received carrier-to-noise density C/N0 = EIRP − L_fs − L_atm + G/T − k (dB), with the
free-space loss L_fs = 20·log10(4π·d·f/c) at the actual slant range d (ITU-R P.525), aperture gains
G = η·(π·D·f/c)² (η = 0.6 gives ITU-R F.699's 20·log10(D/λ) + 7.7 dBi), clear-sky gaseous loss
scaled by the air mass 1/sin(elevation), and the data rate of the best DVB-S2 mode whose
required Es/N0 (ETSI EN 302 307-1, Table 13: AWGN, quasi-error-free, normal frames) the link
meets with ``MARGIN_DB`` to spare, at the symbol rate the bandwidth allows (roll-off 0.20).

Optical: the received power P·G_t·G_r·(λ/4πd)²·η (diffraction-limited gains (π·D/λ)², the
losses of optics, pointing and turbulence in one factor), divided by the energy of
``PHOTONS_PER_BIT`` photons, capped at the terminal's modem rate; a cloud blocks it
(``GroundStation.clear_sky_fraction``).
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import C_KM_S

C_M_S = C_KM_S * 1e3
BOLTZMANN_DBW_K_HZ = 10.0 * np.log10(1.380649e-23)  # −228.6 dB(W/K/Hz), CODATA 2018 k
PLANCK_J_S = 6.62607015e-34  # SI 2019 exact
APERTURE_EFFICIENCY = 0.6  # RF dish efficiency: ITU-R F.699's gain formula assumes about 0.6
ROLL_OFF = 0.20  # DVB-S2's tightest roll-off: symbol rate = bandwidth / 1.2
MARGIN_DB = 3.0  # kept against rain fade and implementation loss (assumed)
# clear-sky gaseous absorption at the zenith (ITU-R P.676 order of magnitude near 26 GHz, where the
# 22 GHz water-vapour line still adds; assumed, dry and moderate climates)
ZENITH_LOSS_DB = 0.5
OPTICAL_WAVELENGTH_NM = 1550.0  # telecom C band, the band of the flown laser terminals
OPTICAL_LOSS_DB = 10.0  # optics, pointing and turbulence together (assumed)
PHOTONS_PER_BIT = 100.0  # a direct-detection receiver (coherent receivers need ~10; assumed)

# DVB-S2 modes: (name, required Es/N0 in dB, information bits per symbol), ETSI EN 302 307-1
# V1.4.1, Table 13 (normal FECFRAME, AWGN, packet error rate 1e-7)
DVB_S2 = (
    ("QPSK 1/4", -2.35, 0.490243), ("QPSK 1/3", -1.24, 0.656448), ("QPSK 2/5", -0.30, 0.789412),
    ("QPSK 1/2", 1.00, 0.988858), ("QPSK 3/5", 2.23, 1.188304), ("QPSK 2/3", 3.10, 1.322253),
    ("QPSK 3/4", 4.03, 1.487473), ("QPSK 4/5", 4.68, 1.587196), ("QPSK 5/6", 5.18, 1.654663),
    ("QPSK 8/9", 6.20, 1.766451), ("QPSK 9/10", 6.42, 1.788612), ("8PSK 3/5", 5.50, 1.779991),
    ("8PSK 2/3", 6.62, 1.980636), ("8PSK 3/4", 7.91, 2.228124), ("8PSK 5/6", 9.35, 2.478562),
    ("8PSK 8/9", 10.69, 2.646012), ("8PSK 9/10", 10.98, 2.679207), ("16APSK 2/3", 8.97, 2.637201),
    ("16APSK 3/4", 10.21, 2.966728), ("16APSK 4/5", 11.03, 3.165623), ("16APSK 5/6", 11.61, 3.300184),
    ("16APSK 8/9", 12.89, 3.523143), ("16APSK 9/10", 13.13, 3.567342), ("32APSK 3/4", 12.73, 3.703295),
    ("32APSK 4/5", 13.64, 3.951571), ("32APSK 5/6", 14.28, 4.119540), ("32APSK 8/9", 15.69, 4.397854),
    ("32APSK 9/10", 16.05, 4.453027),
)


def free_space_loss_db(range_km, frequency_ghz):
    """20·log10(4π·d·f/c), dB."""
    return 20.0 * np.log10(4.0 * np.pi * np.asarray(range_km, float) * 1e3 * frequency_ghz * 1e9 / C_M_S)


def dish_gain_dbi(diameter_m, frequency_ghz, efficiency=APERTURE_EFFICIENCY):
    """Gain of a circular aperture, dBi: 10·log10(η·(π·D·f/c)²)."""
    return 10.0 * np.log10(efficiency * (np.pi * np.asarray(diameter_m, float) * frequency_ghz * 1e9 / C_M_S) ** 2)


def carrier_to_noise_density_dbhz(power_w, tx_gain_dbi, rx_gain_dbi, system_noise_k, range_km, frequency_ghz,
                                  other_loss_db=0.0):
    """C/N0, dB-Hz, of a link with transmitter ``power_w`` at ``range_km``."""
    eirp_dbw = 10.0 * np.log10(power_w) + tx_gain_dbi
    g_over_t = rx_gain_dbi - 10.0 * np.log10(system_noise_k)
    return eirp_dbw - free_space_loss_db(range_km, frequency_ghz) - other_loss_db + g_over_t - BOLTZMANN_DBW_K_HZ


def dvb_s2_rate_bps(cn0_dbhz, bandwidth_hz, margin_db=MARGIN_DB):
    """The data rate of the best DVB-S2 mode the link carries with ``margin_db`` to spare, bit/s
    (0 where even QPSK 1/4 does not close); arrays broadcast."""
    symbol_rate = bandwidth_hz / (1.0 + ROLL_OFF)
    es_n0 = np.asarray(cn0_dbhz, float) - 10.0 * np.log10(symbol_rate) - margin_db
    need = np.array([m[1] for m in DVB_S2])
    bits = np.array([m[2] for m in DVB_S2])
    ok = es_n0[..., None] >= need
    return symbol_rate * np.where(ok, bits, 0.0).max(axis=-1)


def rf_downlink_bps(links, station, range_km, sin_elevation):
    """The RF downlink rate of a satellite's terminal (``links``: model.scenario.Links) into a
    station's dish (``station``: GroundStation) at ``range_km`` and elevation, bit/s."""
    if links.rf_power_w <= 0:
        return np.zeros(np.shape(range_km))
    f = links.rf_frequency_ghz
    air_mass = 1.0 / np.maximum(np.asarray(sin_elevation, float), 0.05)
    cn0 = carrier_to_noise_density_dbhz(links.rf_power_w, dish_gain_dbi(links.rf_antenna_m, f),
                                        dish_gain_dbi(station.dish_m, f), station.system_noise_k, range_km, f,
                                        ZENITH_LOSS_DB * air_mass)
    return dvb_s2_rate_bps(cn0, links.rf_bandwidth_mhz * 1e6)


def optical_received_w(power_w, tx_aperture_m, rx_aperture_m, range_km, wavelength_nm=OPTICAL_WAVELENGTH_NM,
                       loss_db=OPTICAL_LOSS_DB):
    """Received optical power, W: P·(π·D_t/λ)²·(π·D_r/λ)²·(λ/4πd)²·10^(−loss/10)."""
    lam = wavelength_nm * 1e-9
    gains = (np.pi * tx_aperture_m / lam) ** 2 * (np.pi * np.asarray(rx_aperture_m, float) / lam) ** 2
    spread = (lam / (4.0 * np.pi * np.asarray(range_km, float) * 1e3)) ** 2
    return power_w * gains * spread * 10.0 ** (-loss_db / 10.0)


def optical_downlink_bps(links, station, range_km):
    """The optical downlink rate into a station's telescope, bit/s (0 without one), before
    clouds: received photons over ``PHOTONS_PER_BIT``, capped at the terminal's modem rate."""
    if links.optical_ground_terminals == 0 or station.optical_aperture_m <= 0:
        return np.zeros(np.shape(range_km))
    lam = OPTICAL_WAVELENGTH_NM * 1e-9
    photon_j = PLANCK_J_S * C_M_S / lam
    rate = optical_received_w(links.optical_power_w, links.optical_aperture_m, station.optical_aperture_m,
                              range_km) / (PHOTONS_PER_BIT * photon_j)
    return np.minimum(rate, links.optical_rate_gbps * 1e9)
