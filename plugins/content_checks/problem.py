"""One problem a contributor must act on, and the catalogue of every rule.

A problem prints as one line, ``path:line: field: what is wrong — what to do``,
which editors and CI logs turn into a clickable location. Rules never raise:
they return problems, so one run reports every mistake in every file.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

#: Every rule the checker applies: id → (severity, what it catches).
#: ``CONTRIBUTING.md`` explains them to contributors; the test suite keeps a
#: fixture with the exact message of each (tests/fixtures/bad_content/).
RULES: dict[str, tuple[str, str]] = {
    # front matter
    "required-missing": (ERROR, "a required field is absent"),
    "required-empty": (ERROR, "a required field is empty or only whitespace/invisible characters"),
    "unknown-key": (ERROR, "a field name this content type does not use (nearest suggested)"),
    "duplicate-key": (ERROR, "the same field written twice"),
    "stray-line": (ERROR, "a line that is not 'Key: value' ends the front matter too early"),
    "date-format": (ERROR, "Date or Modified is not a date"),
    "slug-latin": (ERROR, "a slug that is not lower-case Latin letters, digits and hyphens"),
    "slug-duplicate": (ERROR, "two articles or pages with the same slug"),
    "tag-unknown": (ERROR, "a tag without a Latin slug in TAG_SLUGS"),
    "lang-unknown": (ERROR, "a language the site does not have"),
    "status-unknown": (ERROR, "a status other than published, draft or hidden"),
    "boolean": (ERROR, "a yes/no field that is not true or false"),
    "body-empty": (ERROR, "an article or page with no text"),
    "file-type": (ERROR, "a file Pelican would read that is not Markdown"),
    "file-unpublished": (ERROR, "a file under content/ that nothing would publish"),
    "file-link": (ERROR, "a symbolic link under content/ (loops, or reads a file twice)"),
    "slug-reserved": (ERROR, "a slug whose page would overwrite a page the site generates"),
    "translation-orphan": (ERROR, "a translation without an original, or two originals"),
    # encoding
    "encoding-utf8": (ERROR, "bytes that are not UTF-8 (with the byte offset)"),
    "encoding-bom": (WARNING, "a UTF-8 byte-order mark (accepted)"),
    "encoding-crlf": (WARNING, "Windows line endings (accepted)"),
    "script-not-urdu": (ERROR, "text that should be Urdu is in another script"),
    # Unicode hygiene
    "control-char": (ERROR, "C0/C1 control characters (invisible; XML 1.0 cannot hold them)"),
    "bidi-control": (ERROR, "bidi override/embedding/isolate controls (Trojan Source)"),
    "arabic-letter": (WARNING, "Arabic ك ي ى ه where Urdu uses ک ی ہ"),
    "font-unreadable": (ERROR, "the site's Urdu font file is missing or damaged"),
    "font-missing": (ERROR, "an Arabic-script character the site's Urdu font cannot draw"),
    # links
    "link-missing": (ERROR, "an internal link to a page or file that does not exist"),
    "image-alt": (ERROR, "an image without alt text"),
    # safety
    "html-dangerous": (ERROR, "<script>, <iframe>, <style> and other active or embedding HTML"),
    "html-tag": (ERROR, "raw HTML outside the allow-list"),
    "html-attribute": (ERROR, "an HTML attribute outside the allow-list"),
    "html-event": (ERROR, "an event-handler attribute (onclick=, onload=, ...)"),
    "html-url": (ERROR, "a javascript:, vbscript: or data: URL"),
    # glossary (rules and messages from plugins/glossary/entries.py)
    "glossary": (ERROR, "glossary entries and bindings (duplicate aliases, missing entries, ...)"),
    "glossary-name": (
        WARNING,
        "a glossary name inside a longer name (left unlinked), or a one-word name that the "
        "content uses inside longer names",
    ),
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: str = ERROR
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} — {self.fix}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.field, self.message)
