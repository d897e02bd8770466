"""``python -m content_checks`` (with plugins/ on PYTHONPATH): see cli.py."""

import sys

from .cli import main

sys.exit(main())
