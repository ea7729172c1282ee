import sys

from coordinator_app.launch import main

sys.exit(main())
