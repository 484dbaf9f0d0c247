#!/usr/bin/env bash
# Unpack a built archive somewhere else and check it runs without Python or the venv:
#   packaging/check_bundle.sh dist/orbitdesk-<version>-linux-<arch>.tar.gz
# Needs a display: run it under xvfb-run on a machine without one.
set -euo pipefail
ARCHIVE=$(realpath "$1")
WHERE=$(mktemp -d)
trap 'rm -rf "$WHERE"' EXIT
tar -C "$WHERE" -xzf "$ARCHIVE"
cd "$WHERE"
BIN="$WHERE/orbitdesk/orbitdesk"
RUN=(env -i LANG=C.UTF-8 HOME="$WHERE" DISPLAY="${DISPLAY:-}" XAUTHORITY="${XAUTHORITY:-}" PATH=/usr/bin:/bin)
# PySide6/shiboken6 releases that must not ship: 6.12.0 drops a reference to None on every void Qt
# call and one to True on every Signal.emit (the window aborts after a few dozen edits)
BAD_QT_BINDINGS="6.12.0"
VERSION_LINE=$("${RUN[@]}" "$BIN" --version)
echo "$VERSION_LINE"
for bad in $BAD_QT_BINDINGS; do
  if grep -Eq "(PySide6|shiboken6) ${bad//./\\.}[,)]" <<<"$VERSION_LINE"; then
    echo "check_bundle: the bundle carries PySide6/shiboken6 $bad, which leaks references; rebuild with another" >&2
    exit 1
  fi
done
grep -Eq "PySide6 [0-9]" <<<"$VERSION_LINE" || { echo "check_bundle: no PySide6 version in --version" >&2; exit 1; }
env -i LANG=C.UTF-8 HOME="$WHERE" DISPLAY="${DISPLAY:-}" XAUTHORITY="${XAUTHORITY:-}" PATH=/usr/bin:/bin \
  "$BIN" --smoke-test --settings "$WHERE/settings.ini"
"$BIN" example > example.orbitdesk.json
"$BIN" evaluate example.orbitdesk.json | head -4
# the handover path in the bundle: reportlab (with Pillow), czml3, and oem (with astropy's time)
"$BIN" report example.orbitdesk.json --out report.pdf
"$BIN" export example.orbitdesk.json --czml constellation.czml --oem oem --satellites 2 --span-h 1
head -c 5 report.pdf | grep -q "%PDF" || { echo "check_bundle: report.pdf is not a PDF" >&2; exit 1; }
start=$(date +%s.%N)
env -i LANG=C.UTF-8 HOME="$WHERE" DISPLAY="${DISPLAY:-}" XAUTHORITY="${XAUTHORITY:-}" PATH=/usr/bin:/bin \
  "$BIN" --screenshot "$WHERE/shot.png" --settings "$WHERE/settings.ini" > /dev/null
end=$(date +%s.%N)
echo "start to first frame and exit (--screenshot): $(awk "BEGIN {printf \"%.2f\", $end - $start}") s"
# 2,000 field edits in a row: the window survives, the reference counts of None and True hold
timeout 180 "${RUN[@]}" "$BIN" --self-test-edits "${SELF_TEST_EDITS:-2000}" --settings "$WHERE/settings.ini"
echo "bundle ok: $(du -sm "$WHERE/orbitdesk" | cut -f1) MB unpacked"
