"""Settings for a deployable build (`make publish`): absolute URLs and feeds."""

import os
from pathlib import Path

from pelican.settings import get_settings_from_file

# Pelican loads this file by path; read pelicanconf.py beside it the same way
# (no import-path edits, whatever the working directory).
globals().update(get_settings_from_file(str(Path(__file__).with_name("pelicanconf.py"))))

SITEURL = os.environ.get("SITEURL", "https://khabarnama.example").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
