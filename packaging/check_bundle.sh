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
env -i LANG=C.UTF-8 HOME="$WHERE" DISPLAY="${DISPLAY:-}" XAUTHORITY="${XAUTHORITY:-}" PATH=/usr/bin:/bin \
  "$BIN" --smoke-test --settings "$WHERE/settings.ini"
"$BIN" example > example.orbitdesk.json
"$BIN" evaluate example.orbitdesk.json | head -4
start=$(date +%s.%N)
env -i LANG=C.UTF-8 HOME="$WHERE" DISPLAY="${DISPLAY:-}" XAUTHORITY="${XAUTHORITY:-}" PATH=/usr/bin:/bin \
  "$BIN" --screenshot "$WHERE/shot.png" --settings "$WHERE/settings.ini" > /dev/null
end=$(date +%s.%N)
echo "start to first frame and exit (--screenshot): $(awk "BEGIN {printf \"%.2f\", $end - $start}") s"
echo "bundle ok: $(du -sm "$WHERE/orbitdesk" | cut -f1) MB unpacked"
