"""``python -m regionmap`` runs the command line."""

import sys

from regionmap.cli import main

sys.exit(main())
