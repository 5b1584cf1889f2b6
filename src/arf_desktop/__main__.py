"""`python -m arf_desktop` runs the command line."""

import sys

from arf_desktop.cli import main

sys.exit(main())
