"""`make html` publishes a whole new site or leaves the previous one, whatever happens.

The build writes into a staging folder of its own and publishes it by
replacing the ``output`` link in one rename (plugins/build.py). These tests
run `make html` (or the command it runs) on a small fixture site and stop it
in the ways a contributor or a CI runner does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT, make_content

ARTICLE = Path("2021/lavrov-pakistan-visit-2021/index.html")


def make_html(content: Path, output: Path, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["make", "--no-print-directory", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}",
         # the fixture's own font subset, never the site's committed lock
         f"PELICANOPTS=-e CACHE_PATH='\"{output.parent / 'cache'}\"' FONTSUBSET_LOCK_PATH=false"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs,
    )  # fmt: skip


def build(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    process = make_html(content, output)
    out, _ = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, "")


def complete(output: Path) -> bool:
    """Every kind of file a build writes, the last ones (search, font) included."""
    found = [
        *(output / part for part in ("index.html", ARTICLE, "pagefind/pagefind-entry.json")),
        *(output / "theme" / "fonts").glob("noto-nastaliq-urdu-arabic-400-normal.*.woff2"),
    ]
    missing = [str(p) for p in found if not p.is_file()]
    assert len(found) == 4 and not missing, f"incomplete site in {output}: {missing}"
    return True


def wait_for_staging(process: subprocess.Popen[str], output: Path) -> None:
    """Until the build is writing its staging folder (fixed delays raced the machine)."""
    deadline = time.monotonic() + 60
    while not list(output.parent.glob(f"{output.name}.partial.*")):
        assert process.poll() is None and time.monotonic() < deadline, "no staging folder"
        time.sleep(0.01)


def leftovers(output: Path) -> list[str]:
    return sorted(
        p.name
        for p in output.parent.iterdir()
        if p.name.startswith((f"{output.name}.partial", f".{output.name}.link"))
    )


def sites(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.glob(f"{output.name}.site.*"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content")


def test_each_build_replaces_the_site_in_one_rename(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "site" / "output"
    first = build(content, output)
    assert first.returncode == 0, first.stdout
    assert output.is_symlink() and complete(output)
    before = os.readlink(output)
    second = build(content, output)
    assert second.returncode == 0, second.stdout
    assert os.readlink(output) != before, "a new site folder, swapped in"
    assert sites(output) == [os.readlink(output)], "the previous site is removed"
    assert leftovers(output) == []


def test_a_plain_output_folder_is_replaced_whole(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "old").mkdir(parents=True)
    (output / "old" / "stale.html").write_text("stale", encoding="utf-8")
    done = build(content, output)
    assert done.returncode == 0, done.stdout
    assert output.is_symlink() and complete(output)
    assert not (output / "old").exists()
    assert sites(output) == [os.readlink(output)]


def test_an_output_that_is_a_file_is_one_line_and_untouched(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.write_text("not a folder", encoding="utf-8")
    done = build(content, output)
    assert done.returncode != 0
    assert f"{output}: exists and is not a folder — move it away" in done.stdout
    assert "Traceback" not in done.stdout
    assert output.read_text(encoding="utf-8") == "not a folder"
    assert leftovers(output) == []


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1])
def test_ctrl_c_keeps_the_previous_site_and_cleans_up(
    delay: float, content: Path, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    published = os.readlink(output)
    (content / "articles" / "lavrov-pakistan-visit-2021.md").touch()
    process = make_html(content, output, start_new_session=True)
    # interrupt while the new site is being written: ``delay`` after its
    # staging folder appears
    wait_for_staging(process, output)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches make and every child
    out, _ = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.fail(f"the build finished within {delay}s; interrupt it sooner")
    assert "Traceback" not in out, out
    assert "interrupted (Ctrl-C): the build stopped before it finished" in out
    assert os.readlink(output) == published and complete(output)
    assert leftovers(output) == [] and sites(output) == [published]


def test_a_killed_build_leaves_nothing_the_next_build_keeps(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    published = os.readlink(output)
    process = make_html(content, output, start_new_session=True)
    wait_for_staging(process, output)
    os.killpg(process.pid, signal.SIGKILL)  # no handler runs: staging stays behind
    process.communicate(timeout=60)
    assert os.readlink(output) == published and complete(output)
    # what a build killed later would have left, whatever this one got to
    (output.parent / f"{output.name}.partial.99999" / "2021").mkdir(parents=True)
    (output.parent / f"{output.name}.site.19990101-000000-99999").mkdir()
    done = build(content, output)
    assert done.returncode == 0, done.stdout
    assert leftovers(output) == [] and sites(output) == [os.readlink(output)]


def test_two_builds_at_once_take_turns(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    first = make_html(content, output)
    second = make_html(content, output)
    outs = [first.communicate(timeout=300)[0], second.communicate(timeout=300)[0]]
    assert (first.returncode, second.returncode) == (0, 0), outs
    assert any("waiting for another build of" in out for out in outs), outs
    assert complete(output)
    assert leftovers(output) == [] and sites(output) == [os.readlink(output)]


def test_the_build_command_itself_reports_ctrl_c_in_one_line(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    command = [
        sys.executable, "-m", "khabarnama.build", "--into", str(output), str(content),
        "-s", str(ROOT / "pelicanconf.py"), "--fatal", "warnings", "--log-handler", "plain",
        "-e", f'CACHE_PATH="{tmp_path / "cache"}"', "FONTSUBSET_LOCK_PATH=false",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 130, out
    assert out.strip() == "interrupted (Ctrl-C): the build stopped before it finished"
    assert not output.exists() and leftovers(output) == []
