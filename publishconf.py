"""Settings for a deployable build (`make publish`): absolute URLs and feeds."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://khabarnama.example").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
