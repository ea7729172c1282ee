import sys

from coordinator_app.cli import main

sys.exit(main())
