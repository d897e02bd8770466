"""Lint: nothing under tests/ reads text from outside the repository.

GitHub's checkout holds this repository only, so a test that reads a corpus
folder laid beside a development checkout, or an absolute path of one
machine, passes here and fails there. Run by tests/test_self_contained.py:

    python .ci/self_contained.py             # exit 1 and the lines, if any
    python .ci/self_contained.py --self-test # the pattern's own cases

Kept outside tests/ so that the paths it looks for appear in no test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The corpus folder beside the checkout (a relative path, or joined from
#: ``ROOT.parent``) or an absolute path of the development machine.
OUTSIDE = re.compile(
    r"\.\./shared\b"
    r"|shared[/\\]corpus"
    r"|\.parent\s*/\s*[\"']shared\b"
    r"|[\"']shared[\"']\s*/\s*[\"']corpus"
    r"|(?<![\w./~-])/work\b"
)

#: (line, whether OUTSIDE must find it)
CASES = [
    ('CORPUS = ROOT.parent / "shared" / "corpus" / "x.txt"', True),
    ('ROOT.parent / "shared/corpus/x.txt"', True),
    ('Path("/work/shared/corpus/x.txt")', True),
    ("see ../shared/corpus", True),
    ('"/work/main/plugins"', True),
    ("shared tags, then recency", False),
    ("the shared fixture content", False),
    ("homework/notes and ../work/x", False),
]


def offending(root: Path) -> dict[str, list[str]]:
    """Tracked and new files under tests/ with lines that reach outside."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard", "--", "tests"],
        cwd=root, capture_output=True, check=True, timeout=60,
    ).stdout.decode("utf-8")  # fmt: skip
    found: dict[str, list[str]] = {}
    for rel in filter(None, listed.split("\0")):
        path = root / rel
        data = path.read_bytes() if path.is_file() else b"\0"
        if b"\0" in data:
            continue
        lines = [
            f"{n}: {line.strip()}"
            for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1)
            if OUTSIDE.search(line)
        ]
        if lines:
            found[rel] = lines
    return found


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        wrong = [line for line, outside in CASES if bool(OUTSIDE.search(line)) is not outside]
        for line in wrong:
            print(f"pattern is wrong for: {line}")
        return 1 if wrong else 0
    found = offending(ROOT)
    for rel, lines in sorted(found.items()):
        for line in lines:
            print(f"{rel}:{line} — read it from the repository (tests/reference_text.py)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
