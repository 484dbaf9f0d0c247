"""CCSDS Orbit Mean-Elements Messages (OMM) as imported element sets (issue 12, interop).

CelesTrak and operators publish OMM beside, and now instead of, two-line elements (five-digit
catalog numbers ran out). An OMM in XML (CCSDS NDM/XML), CSV or JSON (CelesTrak's keyword forms)
is read through ``sgp4``'s own OMM support (``sgp4.omm``: the keywords to a ``Satrec``) and written
as the TLE lines the scenario stores (``sgp4.exporter.export_tle``), so a TLE set's shell and an
OMM's behave the same and the saved scenario needs no new field. A record that cannot be read, or
whose catalog number a TLE cannot hold (above 339,999, the Alpha-5 limit), refuses the whole file
naming the record and the keyword.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

REQUIRED = ("OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
            "ARG_OF_PERICENTER", "MEAN_ANOMALY", "NORAD_CAT_ID", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT")
DEFAULTS = {"CLASSIFICATION_TYPE": "U", "EPHEMERIS_TYPE": "0", "ELEMENT_SET_NO": "999", "REV_AT_EPOCH": "0"}
MAX_TLE_CATALOG_NUMBER = 339_999  # Alpha-5: the letter A-Z (less I and O) then four digits


def omm_format(text: str) -> str | None:
    """'xml', 'json' or 'csv' for an OMM's text, None for anything else (a TLE file)."""
    head = text.lstrip()[:2000]
    if head.startswith("<"):
        return "xml"
    if head.startswith(("[", "{")):
        return "json"
    first = head.splitlines()[0] if head else ""
    if "NORAD_CAT_ID" in first and "," in first:
        return "csv"
    return None


def _records(text: str, kind: str) -> list[dict]:
    if kind == "xml":
        try:
            from sgp4.omm import parse_xml

            return [dict(r) for r in parse_xml(io.StringIO(text))]
        except (ET.ParseError, AttributeError) as e:  # AttributeError: a segment without its parts
            raise ValueError(f"not a CCSDS OMM XML file ({e})") from None
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(f"not JSON: {e.msg} at line {e.lineno}") from None
        data = [data] if isinstance(data, dict) else data
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValueError("an OMM JSON file is a list of records (objects of OMM keywords)")
        return [{k: None if v is None else str(v) for k, v in r.items()} for r in data]
    return list(csv.DictReader(io.StringIO(text)))


def omm_to_tle(text: str) -> str:
    """The TLE text (name line and two element lines per object) of an OMM file's records;
    ValueError naming the record (its object name or position) and the keyword for a bad one."""
    from sgp4.api import Satrec
    from sgp4.exporter import export_tle
    from sgp4.omm import initialize

    kind = omm_format(text)
    if kind is None:
        raise ValueError("not an OMM file (CCSDS XML, or CelesTrak's CSV or JSON)")
    records = _records(text, kind)
    if not records:
        raise ValueError("the OMM file holds no record")
    out = []
    for i, fields in enumerate(records, 1):
        name = (fields.get("OBJECT_NAME") or "").strip() or f"record {i}"
        where = f"OMM record {i} ({name})"
        missing = [k for k in REQUIRED if not (fields.get(k) or "").strip()]
        if missing:
            raise ValueError(f"{where}: no {', '.join(missing)}")
        fields = {**DEFAULTS, **{k: v.strip() for k, v in fields.items() if isinstance(v, str) and v.strip()}}
        try:
            number = int(fields["NORAD_CAT_ID"])
        except ValueError:
            raise ValueError(f"{where}: NORAD_CAT_ID {fields['NORAD_CAT_ID']!r} is not a whole number") from None
        if not 0 < number <= MAX_TLE_CATALOG_NUMBER:
            raise ValueError(f"{where}: NORAD_CAT_ID {number:,} is beyond what a TLE holds (1 to "
                             f"{MAX_TLE_CATALOG_NUMBER:,}, Alpha-5); OrbitDesk stores element sets as TLEs")
        if "." not in fields["EPOCH"]:
            fields["EPOCH"] += ".000000"  # sgp4 reads the fraction of a second
        sat = Satrec()
        try:
            initialize(sat, fields)
            line1, line2 = export_tle(sat)
        except (ValueError, KeyError, IndexError) as e:
            raise ValueError(f"{where}: {e}") from None
        out += [name[:69], line1, line2]
    return "\n".join(out) + "\n"
