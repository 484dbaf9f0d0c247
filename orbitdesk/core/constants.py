"""Physical constants (MODEL.md header and REFERENCE_DATA.md, Physics). Units in the names."""

R_EARTH_KM = 6378.137  # WGS-84 equatorial radius
MU_EARTH_KM3_S2 = 398600.4418
J2 = 1.08262668e-3
SIGMA_W_M2_K4 = 5.670374419e-8  # Stefan-Boltzmann (CODATA 2018)
C_KM_S = 299792.458
AU_KM = 149_597_870.7
R_SUN_KM = 695_700.0  # IAU 2015 nominal solar radius
SOLAR_CONSTANT_W_M2 = 1361.0  # Kopp & Lean 2011
EARTH_IR_W_M2 = 237.0  # Earth's outgoing longwave radiation, global mean
EARTH_ALBEDO = 0.30
TROPICAL_YEAR_S = 365.2421897 * 86400.0
YEAR_S = 365.25 * 86400.0  # Julian year: the calendar unit of mission-life timelines
EXA = 1e18
