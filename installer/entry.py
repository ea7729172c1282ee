"""The frozen build's entry point: the same `coordinator` program as the console script
(``coordinator_app.launch:main``), as a script PyInstaller can start from."""

import sys

from coordinator_app.launch import main

if __name__ == "__main__":
    sys.exit(main())
