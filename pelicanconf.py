"""Settings for a local build (`make html`, `make serve`, `make devserver`)."""

import os

from khabarnama.problems import install as _install_problem_reporting

# Pelican warns about settings before it loads any plugin; under --fatal
# warnings each warning is then one line, not a traceback (plugins/problems.py).
_install_problem_reporting()

AUTHOR = "خبرنامہ"
SITENAME = "خبرنامہ"
SITEURL = ""

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["glossary"]
PAGE_EXCLUDES = ["glossary"]
STATIC_PATHS: list[str] = []
# Content is Markdown only; docutils would also warn that it has no Urdu.
READERS = {"rst": None}

TIMEZONE = "Asia/Karachi"
DEFAULT_LANG = "ur"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"  # templates format dates with Babel (localdate)
# Every template escapes what it prints (the content_checks plugin insists).
# auto_reload off: Jinja would stat every template file on each of the
# ~15,000 template lookups of a 1,000-article build; Pelican makes a new
# environment for every build anyway (`make devserver` too).
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}

THEME = "theme"
THEME_STATIC_DIR = "theme"
# Our plugins are the package ``khabarnama`` (the plugins/ folder, installed
# into .venv by `make`). Dotted names: no namespace plugin from PyPI
# (``pelican.plugins.sitemap`` ...) can stand in for one of them.
PLUGINS = [
    "khabarnama.content_checks",
    "khabarnama.localize",
    "khabarnama.glossary",
    "khabarnama.fontsubset",
    "khabarnama.metadata",
    "khabarnama.sharecard",
    "khabarnama.related",
    "khabarnama.sitemap",
    "khabarnama.search",
]

# Latin URLs for Urdu content: articles carry a Latin `Slug:`; tags map here.
ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
# Content in another language than DEFAULT_LANG (English pages, translations)
# lives under its language code, so a translation never overwrites its original.
ARTICLE_LANG_URL = "{lang}/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "tags", "404"]
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10

TAG_SLUGS = {
    "روس": "russia",
    "پاکستان": "pakistan",
    "خارجہ پالیسی": "foreign-policy",
    "افغانستان": "afghanistan",
    "کورونا ویکسین": "covid-vaccine",
    "توانائی": "energy",
}

URDU_DIGITS = False

# Feeds only where they are deployed (publishconf.py); none for local previews.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = True
TYPOGRIFY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# The locked Urdu font subset (plugins/fontsubset/sticky.py), committed so that
# every build, a fresh clone's included, keeps the file readers have cached;
# `make font-refresh` derives it again from today's text.
FONTSUBSET_LOCK_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "theme", "fontsubset-lock"
)

# What one page may make a reader download (tests/reader/test_budget.py):
# HTML, CSS and JavaScript gzip-compressed (level 6), fonts as shipped (WOFF2),
# counted from the built output as tests/reader/pageweight.py describes.
PAGE_BYTE_BUDGET = {
    "html": 20_000,
    "css": 8_000,
    "js": 8_000,
    "font": 50_000,
    "total": 80_000,
}
