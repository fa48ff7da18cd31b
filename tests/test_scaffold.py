"""``render.py new chapter``: a new chapter works out of the box, with no edit outside its own
files and its one line in the talk. Run in a copy of the repository, as a user would."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from experiments.core.paths import REPO_ROOT
from scenes.kit.mathjax import tex_tools_found
from scenes.production.scaffold import talk_with

NAME, PACKAGE = "shell-volume", "shell_volume"
RUFF_CHECK = (sys.executable, "-m", "ruff", "check", "--no-cache")
OWN_FILES = {
    f"experiments/topics/{PACKAGE}.py",
    f"figures/topics/{PACKAGE}.py",
    f"scenes/chapters/{PACKAGE}/__init__.py",
    f"scenes/chapters/{PACKAGE}/scene.py",
    f"tests/test_{PACKAGE}.py",
    f"docs/chapters/{NAME}.md",
}


def repository_copy(target: Path) -> Path:
    """The repository's files (tracked, and new ones git does not ignore) copied to ``target``,
    with its node_modules (reveal.js, MathJax) linked."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if (REPO_ROOT / "node_modules").exists():
        (target / "node_modules").symlink_to(REPO_ROOT / "node_modules")
    return target


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
        and not {"build", "node_modules", "__pycache__", ".ruff_cache", ".pytest_cache"}
        & set(p.parts)
    }


def run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HIDIM_BUILD": str(copy / "build")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_the_talks_line_goes_after_the_chapter_named_and_keeps_the_comments() -> None:
    text = '# the talk\nchapters = [\n  "a",  # first\n  "b"\n]\n'
    assert talk_with("new", "a", text) == (
        '# the talk\nchapters = [\n  "a",  # first\n  "new",\n  "b"\n]\n'
    )
    last = talk_with("new", None, text)
    assert tomllib.loads(last)["chapters"] == ["a", "b", "new"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Shell"], "chapter name 'Shell': use lowercase words"),
        (["ball-slicing"], "chapter 'ball-slicing' is already in the talk"),
        (["toy-fits"], "'toy-fits' is already the name of an experiment"),
        (["shell", "--after", "ball-slice"], "unknown chapter 'ball-slice' for --after"),
        (["shell", "--title", "x" * 45], "--title: at most 44 characters"),
    ],
)
def test_a_name_in_use_or_malformed_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    import render

    before = digests(REPO_ROOT / "scenes")
    assert render.main(["new", "chapter", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}") and len(err.strip().splitlines()) == 1
    assert digests(REPO_ROOT / "scenes") == before  # nothing written


def test_the_longest_name_and_title_give_code_the_linter_passes(tmp_path: Path) -> None:
    from scenes.production.scaffold import MAX_NAME, MAX_TITLE, write_chapter

    (tmp_path / "scenes").mkdir()
    shutil.copy2(REPO_ROOT / "scenes" / "talk.toml", tmp_path / "scenes" / "talk.toml")
    name = "-".join(["abcdefgh"] * 3) + "-abc"
    title = ("Wide " * 20)[:MAX_TITLE].strip()
    assert len(name) == MAX_NAME
    made = write_chapter(name, title=title, root=tmp_path)
    python = [str(p) for p in made.files if p.suffix == ".py"]
    config = str(REPO_ROOT / "pyproject.toml")
    lint = subprocess.run(
        # (import order aside: outside the repository, ruff takes the new topic for a package
        # from elsewhere; in it, test_a_new_chapter_... runs ruff on the same files whole)
        [*RUFF_CHECK, "--config", config, "--extend-ignore", "I001", *python],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout


@pytest.mark.skipif(not tex_tools_found(), reason="LaTeX not installed (make test installs it)")
def test_a_new_chapter_renders_passes_its_checks_and_joins_slides_and_gallery(
    tmp_path: Path,
) -> None:
    copy = repository_copy(tmp_path / "repo")
    before = digests(copy)

    made = run(copy, "render.py", "new", "chapter", NAME, "--after", "ball-slicing")
    assert made.returncode == 0, made.stderr
    assert "chapter 2 of the talk" in made.stdout
    after = digests(copy)
    changed = {k for k in after if before.get(k) != after[k]} | (set(before) - set(after))
    assert changed == OWN_FILES | {"scenes/talk.toml"}  # its own files and its one line
    order = tomllib.loads((copy / "scenes" / "talk.toml").read_text())["chapters"]
    assert order[:3] == ["ball-slicing", NAME, "cube-clt"]

    rendered = run(copy, "render.py", "scenes", "render", NAME)
    assert rendered.returncode == 0, rendered.stderr
    video = copy / "build" / "videos" / "preview" / f"{NAME}.mp4"
    assert video.stat().st_size > 10_000

    # where its render time goes, from scratch, without touching its video
    rendered_at = video.stat().st_mtime_ns
    profiled = run(copy, "render.py", "scenes", "profile", NAME)
    assert profiled.returncode == 0, profiled.stderr
    assert f"{NAME} at preview: rendered in" in profiled.stdout
    assert "drawing frames (Cairo)" in profiled.stdout
    assert f"scenes/chapters/{PACKAGE}/scene.py:" in profiled.stdout  # its lines, by time
    folder = copy / "build" / "profiles" / NAME
    summary = json.loads((folder / f"{NAME}.preview.json").read_text())
    stages = summary["stages_seconds"]
    assert stages["drawing frames (Cairo)"] > 0 and summary["video_seconds"] > 5
    # the samples cover the render's wall time, each moment once
    assert 0.85 * summary["wall_seconds"] <= sum(stages.values()) <= summary["wall_seconds"]
    assert (folder / f"{NAME}.preview.folded").read_text().count("Scene.render") > 10
    assert video.stat().st_mtime_ns == rendered_at

    # the first thing an author does: replace a beat. A preview asks for it by its new id at once
    scene = copy / "scenes" / "chapters" / PACKAGE / "scene.py"
    scene.write_text(scene.read_text().replace('name="check"', 'name="agree"'))
    preview = run(copy, "render.py", "scenes", "render", NAME, "--from-beat", "agree", "--frame")
    assert preview.returncode == 0, preview.stderr
    assert f"{NAME}: last frame of beat 3 (agree)" in preview.stdout

    checked = run(copy, "render.py", "scenes", "check", NAME, "--craft")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{NAME}: ok (declaration, citation, beats, craft)" in checked.stdout

    tests = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/test_{PACKAGE}.py")
    assert tests.returncode == 0, tests.stdout
    lint = run(copy, "-m", "ruff", "check", *sorted(p for p in OWN_FILES if p.endswith(".py")))
    assert lint.returncode == 0, lint.stdout

    for command in (["slides", NAME], ["figures", "build", NAME], ["gallery"]):
        done = run(copy, "render.py", *command)
        assert done.returncode == 0, done.stderr
    slides = copy / "build" / "slides"
    assert (slides / f"{NAME}-preview.html").stat().st_size > 0
    assert (slides / f"{NAME}-preview.pdf").read_bytes().startswith(b"%PDF")
    page = (copy / "build" / "index.html").read_text()
    assert f'id="chapter-{NAME}"' in page
    assert f"videos/preview/{NAME}.mp4" in page and f"figures/{NAME}.png" in page
    assert "<h2>2. Shell volume<" in page  # its number in the talk, computed
