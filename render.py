"""Render the explainer: ``python render.py --help`` (the same command as the installed ``membrane-explainer``)."""

import sys

from pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
