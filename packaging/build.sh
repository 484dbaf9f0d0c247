#!/usr/bin/env bash
# Build OrbitDesk's one-folder bundle and its versioned archive (Linux):
#   packaging/build.sh            -> dist/orbitdesk/ and dist/orbitdesk-<version>-linux-<arch>.tar.gz
# Uses $PYTHON (default .venv/bin/python, with OrbitDesk installed) and installs PyInstaller into it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m pip install -q "pyinstaller>=6.10,<7"
VERSION=$("$PY" -c "import runpy; print(runpy.run_path('orbitdesk/__about__.py')['__version__'])")
NAME=orbitdesk
ARCHIVE="dist/$NAME-$VERSION-linux-$(uname -m).tar.gz"

rm -rf "dist/$NAME" "$ARCHIVE"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build/pyinstaller packaging/orbitdesk.spec
cp resources/icons/orbitdesk.png packaging/orbitdesk.desktop.in packaging/install-desktop-entry.sh \
  "dist/$NAME/"
tar -C dist -czf "$ARCHIVE" "$NAME"

echo "bundle:  dist/$NAME/ ($(du -sm "dist/$NAME" | cut -f1) MB unpacked)"
echo "archive: $ARCHIVE ($(du -sm "$ARCHIVE" | cut -f1) MB)"
