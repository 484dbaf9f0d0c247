"""Entry point of the PyInstaller bundle: the same `orbitdesk` command as the installed package."""

import sys

from orbitdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
