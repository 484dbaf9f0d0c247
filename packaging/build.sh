#!/usr/bin/env bash
# Build OrbitDesk's one-folder bundle and its versioned archive (Linux):
#   packaging/build.sh            -> dist/orbitdesk/ and dist/orbitdesk-<version>-linux-<arch>.tar.gz
# Uses $PYTHON (default .venv/bin/python, with OrbitDesk installed) and installs PyInstaller into it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m pip install -q "pyinstaller>=6.10,<7"
# PySide6/shiboken6 6.12.0 leaks references to None and True (the window aborts): never bundle it
"$PY" -c "import sys, PySide6, shiboken6
bad = {v for v in (PySide6.__version__, shiboken6.__version__) if v == '6.12.0'}
sys.exit(f'build.sh: PySide6/shiboken6 {bad.pop()} leaks references; install another release' if bad else 0)"
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
