#!/usr/bin/env python3
"""Build the annotated edition. Run `python build_edition.py --help` for the commands."""
import sys

from edition.cli import main

if __name__ == "__main__":
    sys.exit(main())
