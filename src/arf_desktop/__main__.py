"""`python -m arf_desktop` runs the command line."""

import sys

from arf_desktop.cli.main import main

sys.exit(main())
