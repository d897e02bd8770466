"""Import another plugin of this site (``glossary``, ``localize``) by name.

Pelican loads plugins from PLUGIN_PATHS without putting that folder on
``sys.path``; a plugin it has loaded is importable by name, one it has not
(or a test importing this module directly) needs the folder added. Search
must use the glossary's ``fold()`` and the interface catalogue as they are,
never copies, so that the index, the queries and the pages cannot disagree.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

PLUGINS_DIR = str(Path(__file__).resolve().parents[1])


def sibling(module: str) -> ModuleType:
    """``module`` (e.g. ``"glossary.normalize"``) from the plugins folder."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        if PLUGINS_DIR not in sys.path:
            sys.path.append(PLUGINS_DIR)
        return importlib.import_module(module)
