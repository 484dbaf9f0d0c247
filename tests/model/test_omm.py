"""OMM import (issue 12, interop): CCSDS XML, CelesTrak CSV and JSON through sgp4's OMM support,
stored as the TLEs they give; a bad file is refused whole, naming the record."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from sgp4.api import Satrec
from sgp4.exporter import export_omm

from orbitdesk.model.omm import omm_format, omm_to_tle
from orbitdesk.model.tle import parse_tle


def _records(tle_text: str, n: int = 5) -> list[dict]:
    out = []
    for i, rec in enumerate(parse_tle(tle_text)[:n]):
        sat = Satrec.twoline2rv(rec.line1, rec.line2)
        sat.intldesg = sat.intldesg or f"27{i + 1:03d}A"  # the synthetic set has no launch designator
        out.append({k: str(v) for k, v in export_omm(sat, rec.name or "SAT").items()})
    return out


def as_csv(records) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(records[0]))
    w.writeheader()
    w.writerows(records)
    return buf.getvalue()


META = ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY")
MEAN = ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY")


def as_xml(records) -> str:
    """CCSDS NDM/XML OMM (the layout CelesTrak serves: ndm/omm/body/segment/{metadata, data})."""
    segs = []
    for r in records:
        meta = "".join(f"<{k}>{r[k]}</{k}>" for k in META)
        mean = "".join(f"<{k}>{r[k]}</{k}>" for k in MEAN)
        tle = "".join(f"<{k}>{v}</{k}>" for k, v in r.items() if k not in META + MEAN)
        segs.append(f"<omm><body><segment><metadata>{meta}</metadata><data><meanElements>{mean}</meanElements>"
                    f"<tleParameters>{tle}</tleParameters></data></segment></body></omm>")
    return '<?xml version="1.0" encoding="UTF-8"?><ndm>' + "".join(segs) + "</ndm>"


@pytest.mark.parametrize("form", ["csv", "json", "xml"])
def test_each_form_propagates_as_the_original_elements(sample_tle_text, form):
    """The OMM's satellites, read back, are where sgp4 puts the original TLEs over a day (1 m)."""
    records = _records(sample_tle_text)
    text = {"csv": as_csv, "json": lambda r: json.dumps(r), "xml": as_xml}[form](records)
    assert omm_format(text) == form
    back = parse_tle(omm_to_tle(text))
    assert [b.name for b in back] == [r["OBJECT_NAME"] for r in records]
    minutes = np.linspace(0.0, 1440.0, 25)
    for orig, new in zip(parse_tle(sample_tle_text)[:5], back, strict=True):
        a, b = Satrec.twoline2rv(orig.line1, orig.line2), Satrec.twoline2rv(new.line1, new.line2)
        jd, fr = a.jdsatepoch, a.jdsatepochF + minutes / 1440.0
        ea, ra, _ = a.sgp4_array(np.full_like(fr, jd), fr)
        eb, rb, _ = b.sgp4_array(np.full_like(fr, jd), fr)
        assert not ea.any() and not eb.any()
        assert np.abs(ra - rb).max() < 1e-3  # km


def test_a_tle_file_is_not_an_omm(sample_tle_text):
    assert omm_format(sample_tle_text) is None


@pytest.mark.parametrize("change, message", [
    (lambda r: r.pop("MEAN_MOTION"), "OMM record 1 (.*): no MEAN_MOTION"),
    (lambda r: r.update(NORAD_CAT_ID="400000"), "NORAD_CAT_ID 400,000 is beyond what a TLE holds"),
    (lambda r: r.update(NORAD_CAT_ID="x12"), "NORAD_CAT_ID 'x12' is not a whole number"),
    (lambda r: r.update(EPOCH="yesterday"), "OMM record 1"),
])
def test_a_bad_record_is_named(sample_tle_text, change, message):
    records = _records(sample_tle_text, 2)
    change(records[0])
    with pytest.raises(ValueError, match=message):
        omm_to_tle(json.dumps(records))


@pytest.mark.parametrize("text, message", [
    ("<ndm><omm>", "not a CCSDS OMM XML file"),
    ("[1, 2]", "a list of records"),
    ("[]", "no record"),
    ("{not json", "not JSON"),
])
def test_a_broken_file_is_refused_whole(text, message):
    with pytest.raises(ValueError, match=message):
        omm_to_tle(text)


def test_an_omm_imports_as_a_tle_shell(scenario, sample_tle_text):
    from orbitdesk.app.placing import add_tle_shell

    text = json.dumps(_records(sample_tle_text, 3))
    new, index = add_tle_shell(scenario, text, "starlink.json")
    shell = new.shells[index]
    assert shell.kind == "tle" and shell.satellite_count == 3
    assert parse_tle(shell.tle_text)[0].name == parse_tle(sample_tle_text)[0].name
