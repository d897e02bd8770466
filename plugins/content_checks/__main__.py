"""``python -m khabarnama.content_checks`` (`make check`): see cli.py."""

import sys

from .cli import main

sys.exit(main())
