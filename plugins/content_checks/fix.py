"""``make fix``: rewrite the characters whose fix the checker already knows.

    python -m khabarnama.content_checks.fix [--settings pelicanconf.py] [--content DIR] [PATH ...]

Only two kinds of character are rewritten, one character at a time:

* a character the site's Urdu font lacks that stands for letters the font
  has (``text.compatibility_letters``: Arabic presentation forms such as
  U+FB56 → پ, ligatures such as U+FDF2 → الله), as NFKC maps it;
* the Arabic letters ك ي ى, written ک ی ی in Urdu, and ه at the start of a
  word, where Urdu always has ہ (elsewhere ه may be ہ or the aspirate ھ,
  which change the word: those stay for a person to decide).

Everything else stays byte for byte: the file is decoded, these characters
are replaced, and it is encoded again, so a byte-order mark, CRLF line
endings and every other character are kept. Each file is replaced in one
rename. A unified diff of every changed line is printed, then one line per
file. Exit status: 0 (also when nothing needed fixing), 2 for unusable
arguments, 1 when a file could not be rewritten.
"""

from __future__ import annotations

import difflib
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from ..cache import write_atomic
from . import glossary_adapter, text
from .checker import DEFAULT_FONT, _Checker
from .cli import EXIT_USAGE, load_settings, parse_content_command
from .markup import ARABIC_BLOCK_CHARS, in_arabic_block

#: Arabic letters with one Urdu answer (the checker's arabic-letter rule).
ALWAYS = frozenset("\u0643\u064a\u0649")  # ك ي ى
HEH = "\u0647"  # ه: ہ at the start of a word only


def fix_text(source: str, cmap: frozenset[int] | None, urdu_letter: Callable[[str], str]) -> str:
    """``source`` with each known fix applied; every other character unchanged."""
    out: list[str] = []
    previous = ""
    for char in source:
        replacement = char
        if char in ALWAYS:
            replacement = urdu_letter(char)
        elif char == HEH and not (previous.isalpha() and in_arabic_block(previous)):
            replacement = urdu_letter(char)
        elif cmap is not None and char in ARABIC_BLOCK_CHARS and ord(char) not in cmap:
            replacement = text.compatibility_letters(char, cmap) or char
        out.append(replacement)
        if not unicodedata.category(char).startswith("M") and char != "\u200c":
            previous = char  # a diacritic or ZWNJ does not start a word
    return "".join(out)


def fix_file(
    path: Path, cmap: frozenset[int] | None, urdu_letter: Callable[[str], str], shown: str
) -> list[str]:
    """Rewrite ``path`` if it needs it; the diff lines (empty when unchanged)."""
    raw = path.read_bytes()
    try:
        before = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []  # `make check` reports it (encoding-utf8); nothing here is safe to touch
    after = fix_text(before, cmap, urdu_letter)
    if after == before:
        return []
    write_atomic(path, after.encode("utf-8"))
    return list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=shown if shown.startswith("/") else f"a/{shown}",
            tofile=shown if shown.startswith("/") else f"b/{shown}",
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_content_command(
        argv,
        "python -m khabarnama.content_checks.fix",
        "Rewrite presentation forms and Arabic letters whose Urdu letter is certain; "
        "print what changed.",
        "only these files or folders",
    )
    if args is None:
        return EXIT_USAGE

    settings = load_settings(args.settings, args.content)
    checker = _Checker(settings, Path.cwd())
    font = settings.get("CONTENT_CHECKS_FONT") or Path(settings["THEME"]) / DEFAULT_FONT
    if checker.cmap is None:
        print(f"{font}: the site's Urdu font cannot be read — run make check", file=sys.stderr)
        return 1
    wanted = [p.resolve() for p in args.paths]
    changed = 0
    status = 0
    for document in checker.discover():
        if wanted and not any(document.path.is_relative_to(w) for w in wanted):
            continue
        try:
            diff = fix_file(document.path, checker.cmap, glossary_adapter.fold, document.shown)
        except OSError as error:
            print(f"{document.shown}: not rewritten ({error.strerror})", file=sys.stderr)
            status = 1
            continue
        if diff:
            changed += 1
            sys.stdout.writelines(diff)
            if not diff[-1].endswith("\n"):
                sys.stdout.write("\n")
    print(
        f"make fix: {changed} file{'s' * (changed != 1)} rewritten; run make check",
        file=sys.stderr,
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
