# ruff: noqa: E501
"""Writes the derived launch-vehicle performance tables into resources/catalogs/launchers.json (run from the
repository root: python packaging/build_launch_tables.py).

tests/core/test_launch_performance.py regenerates every table from its stored model and compares.
"""
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, ".")
from orbitdesk.core.launch_performance import _anchor_dv, derive_table, fit_stage  # noqa: E402

PATH = Path("resources/catalogs/launchers.json")
ALT = [150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 800, 900, 1000, 1100, 1200, 1400, 1600,
       1800, 2000, 2500, 3000, 4000, 5000, 6000]
INC = [28.5, 30, 35, 40, 43, 45, 50, 51.6, 53, 55, 60, 65, 70, 75, 80, 85, 90, 95, 96, 97, 97.5, 98, 98.5, 99,
       100, 101, 102, 104, 106, 110, 120, 140, 160, 180]
BEYOND = ("below 150 km the 150 km payload is used (clamped); above 6,000 km or below 28.5° inclination "
          "the payload is 0 kg (treated as out of reach: the model has no plane change below the Cape's latitude)")
METHOD = ("derived: upper-stage rocket equation P = m_p/(exp((dv_ref + dv)/c) - 1) - m_d with the stage's published "
          "dry mass m_d and propellant m_p; the effective exhaust velocity c and the reference dv_ref are fitted so the "
          "curve passes through the two published anchors; dv to a circular orbit = two-burn Hohmann raise from "
          "200 km + Earth-rotation loss 465.1 m/s x (cos 28.5° - cos i); GTO anchor dv = perigee burn to "
          "perigee x 35,786 km (vis-viva). ")
F9_STAGE = "Falcon 9 Block 5 second stage about 4.0 t empty and 111.5 t gross (Wikipedia, Falcon 9 infobox, citing SpaceX)"
F9_LEO_R = ("SpaceX (falcon 9 page, as quoted by Orbital Today/Teslarati 2023): 17,400 kg to LEO with the booster "
            "reused (22,800 kg expended); LEO taken as 200 km circular at 28.5°")
F9_GTO_R = "SpaceX falcon 9 page: 5,500 kg to GTO with the booster reused (8,300 kg expended), GTO 185 x 35,786 km"
FH_LEO = "SpaceX Falcon Heavy page / Wikipedia infobox: 63,800 kg to LEO (28.5°), expended"
FH_GTO = "SpaceX Falcon Heavy page / Wikipedia infobox: 26,700 kg to GTO (27°), expended"
SS_STAGE = ("Starship upper stage about 100 t dry and 1,200 t of propellant (Wikipedia, Starship article; SpaceX "
            "figures, estimates)")
SS_LEO = ("SpaceX Starship Users Guide rev 1.0 (March 2020), Table 3: 100+ t single launch to LEO, 'up to 500-km "
          "circular orbit at up to 98.9-deg inclination', fully reusable")
SS_GTO = "SpaceX Starship Users Guide rev 1.0 (March 2020), Table 3: 21 t to GTO, 185 x 35,786 km at 27°, 1,800 m/s to go"

MODELS = {
    "falcon-9": dict(
        reference=dict(altitude_km=200.0, inclination_deg=28.5, orbit="LEO, 200 km circular at 28.5° (Cape Canaveral)"),
        dry_kg=4000.0, propellant_kg=107500.0, stage_source=F9_STAGE,
        anchors=[dict(orbit="circular", altitude_km=200.0, inclination_deg=28.5, payload_kg=17400.0, source=F9_LEO_R),
                 dict(orbit="GTO", perigee_km=185.0, apogee_km=35786.0, payload_kg=5500.0, source=F9_GTO_R)],
        note="booster reused (drone ship), as the catalog capacity"),
    "falcon-heavy": dict(
        reference=dict(altitude_km=200.0, inclination_deg=28.5, orbit="LEO, 200 km circular at 28.5° (Cape Canaveral)"),
        dry_kg=4000.0, propellant_kg=107500.0, stage_source=F9_STAGE + "; Falcon Heavy flies the same second stage",
        anchors=[dict(orbit="circular", altitude_km=200.0, inclination_deg=28.5, payload_kg=63800.0, source=FH_LEO),
                 dict(orbit="GTO", perigee_km=185.0, apogee_km=35786.0, payload_kg=26700.0, source=FH_GTO)],
        note="fully expended curve (no recovered-booster figures are published); the catalog's recovered capacity "
             "takes its shape through the ratio"),
}
SS = dict(
    reference=dict(altitude_km=500.0, inclination_deg=97.4, orbit="500 km sun-synchronous (97.4°)"),
    dry_kg=100000.0, propellant_kg=1200000.0, stage_source=SS_STAGE,
    anchors=[dict(orbit="circular", altitude_km=500.0, inclination_deg=98.9, payload_kg=100000.0, source=SS_LEO),
             dict(orbit="GTO", perigee_km=185.0, apogee_km=35786.0, payload_kg=21000.0, source=SS_GTO)],
    note="fully reusable; the guide's figures are lower bounds ('100+ t'), so the curve is conservative")


def table(m):
    points = [(_anchor_dv(a), a["payload_kg"]) for a in m["anchors"]]
    c, ref = fit_stage(m["dry_kg"], m["propellant_kg"], points)
    model = {k: m[k] for k in ("dry_kg", "propellant_kg", "stage_source", "anchors")}
    model["fitted_exhaust_m_s"] = round(c, 1)
    model["fitted_reference_dv_m_s"] = round(ref, 1)
    value = dict(reference=m["reference"], beyond_table=BEYOND, model=model, altitude_km=ALT, inclination_deg=INC,
                 payload_kg=derive_table(m, ALT, INC))
    return dict(value=value, unit="kg", tag="derived", source=METHOD + m["note"])


raw = json.loads(PATH.read_text(encoding="utf-8"))
for e in raw["entries"]:
    m = MODELS.get(e["key"], SS if e["key"].startswith("starship") else None)
    e["fields"]["performance"] = table(m)
text = json.dumps(raw, indent=1, ensure_ascii=False)
# one line per list of numbers (the table's rows)
text = re.sub(r"\[\s*(-?[\d.]+(?:,\s*-?[\d.]+)*)\s*\]",
              lambda mt: "[" + ", ".join(x.strip() for x in mt.group(1).split(",")) + "]", text)
PATH.write_text(text + "\n", encoding="utf-8")
print("written", PATH)
