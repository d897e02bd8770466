"""Our plugins cannot be replaced by third-party plugins of the same short name.

Pelican looks every name in PLUGINS up among the installed namespace plugins
(``pelican.plugins.<name>``) before anything else, so a ``pelican-sitemap`` or
``pelican-search`` from PyPI would silently take the place of a plugin called
``sitemap`` or ``search``. Ours are listed as ``khabarnama.<name>``, which no
namespace plugin can match. These tests install a stub namespace plugin under
each of our short names (on the subprocess's ``pelican.plugins`` path, as
``pip install`` would put it in site-packages) and show ours still run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings

from tests.support import ROOT, make_content

PLUGINS = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
SHORT_NAMES = [name.rpartition(".")[2] for name in PLUGINS]

STUB = """
from pathlib import Path

def register():
    Path({marker!r}).write_text("stub ran")
"""

#: Runs in the subprocess: put the stubs where installed namespace plugins live.
PRELUDE = """
import sys
import pelican.plugins
pelican.plugins.__path__.append(sys.argv.pop(1))
"""


@pytest.fixture(scope="module")
def stubs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stubs")
    for name in SHORT_NAMES:
        package = root / "pelican" / "plugins" / name
        package.mkdir(parents=True)
        marker = root / f"{name}.ran"
        (package / "__init__.py").write_text(STUB.format(marker=str(marker)))
    return root


def run_python(code: str, stubs: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + code, str(stubs / "pelican" / "plugins"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_plugins_are_listed_by_package_name() -> None:
    assert PLUGINS and all(name.startswith("khabarnama.") for name in PLUGINS)
    assert not read_settings(str(ROOT / "pelicanconf.py")).get("PLUGIN_PATHS")


def test_stub_namespace_plugins_do_not_replace_ours(stubs: Path) -> None:
    code = """
import json
from pelican.plugins._utils import get_namespace_plugins, load_plugins
from pelican.settings import read_settings
settings = read_settings("pelicanconf.py")
print(json.dumps({
    "installed": sorted(get_namespace_plugins()),
    "loaded": [(m.__name__, m.__file__) for m in load_plugins(settings)],
}))
"""
    done = run_python(code, stubs)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    # the stubs really are installed namespace plugins ...
    assert {f"pelican.plugins.{name}" for name in SHORT_NAMES} <= set(found["installed"])
    # ... and what Pelican loads for PLUGINS is ours, from plugins/
    assert [name for name, _ in found["loaded"]] == PLUGINS
    for name, path in found["loaded"]:
        assert Path(path).resolve().is_relative_to(ROOT / "plugins"), (name, path)


def test_site_builds_with_our_plugins_beside_the_stubs(stubs: Path, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    output = tmp_path / "output"
    code = "from pelican import main\nmain(sys.argv[1:])\n"
    args = [str(content), "-o", str(output), "-s", "pelicanconf.py", "--fatal", "warnings"]
    args += ["-e", "FONTSUBSET_LOCK_PATH=false"]  # the fixture's own subset, not the site's lock
    done = run_python(code, stubs, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not list(stubs.glob("*.ran")), "a stub plugin ran"
    # each of our plugins left its mark on the output
    article = (output / "2021/lavrov-pakistan-visit-2021/index.html").read_text(encoding="utf-8")
    assert 'href="../../glossary/' in article  # glossary linked a mention
    assert (output / "glossary/index.html").is_file()  # glossary pages
    assert (output / "pagefind").is_dir()  # search index
    assert list((output / "theme/fonts").glob("*.woff2"))  # fontsubset wrote a subset
    assert 'property="og:title"' in article  # metadata
    assert "<bdi" in article  # localize isolated a Latin run
