#!/usr/bin/env sh
# Add OrbitDesk to the desktop's application menu (for this user), pointing at this folder.
# Run it from the unpacked archive: ./install-desktop-entry.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|@EXEC@|$here/orbitdesk|" -e "s|@ICON@|$here/orbitdesk.png|" \
  "$here/orbitdesk.desktop.in" > "$apps/space.orbitdesk.OrbitDesk.desktop"
echo "installed $apps/space.orbitdesk.OrbitDesk.desktop"
