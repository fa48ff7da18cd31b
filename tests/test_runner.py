"""The scene runner: stamps from what a scene really uses, --set for scenes, contact sheets."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

import render
from experiments.core.paths import REPO_ROOT
from scenes.manifest import SCENES, get_scene
from scenes.production.cli import scenes as scenes_cli
from scenes.production.stamps import scene_sources, scene_stamp


def project_copy(target: Path) -> Path:
    """The project's packages and theme, copied: a tree to edit without touching the real one."""
    for package in ("assets", "experiments", "figures", "scenes"):
        shutil.copytree(
            REPO_ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return target


def touch(path: Path) -> None:
    path.write_text(path.read_text() + "\n# an edit\n")


def relative(paths: list[Path], root: Path = REPO_ROOT) -> set[str]:
    return {p.relative_to(root).as_posix() for p in paths}


def test_a_video_is_made_of_its_chapter_the_kit_and_the_assets_it_imports() -> None:
    names = relative(scene_sources(get_scene("ball-slicing")))
    # imported by the scene, by what it imports, and inside functions; the theme
    for expected in ("scenes/chapters/ball_slicing/scene.py", "scenes/kit/widgets.py",
                     "scenes/kit/theme.py", "assets/layout.py", "assets/theme.json"):  # fmt: skip
        assert expected in names
    # the results it reads count by their keys; production code and figures are no input
    assert not any(n.startswith(("experiments/", "figures/", "scenes/production/")) for n in names)
    assert "scenes/talk.toml" not in names  # it refers to no other chapter by number
    assert "assets/numbers.py" in relative(scene_sources(get_scene("how-big")))
    # why-the-law names other chapters by number: the talk's order is an input
    assert "scenes/talk.toml" in relative(scene_sources(get_scene("why-the-law")))


@pytest.mark.parametrize("spec", SCENES, ids=lambda s: s.name)
def test_every_stamp_lists_what_it_hashed_and_fourteen_files_at_most(spec) -> None:
    stamp = scene_stamp(spec, "preview")
    files = [i for i in stamp.inputs if "/" in i and " " not in i]
    assert files == sorted(relative(scene_sources(spec)))
    # 10 to 14: the chapter, the kit and the assets it uses (numbers, the talk order)
    assert len(files) <= 14, files
    assert [i.split()[1] for i in stamp.inputs if i.startswith("result ")] == list(spec.needs)


@pytest.mark.parametrize(
    ("scene", "edited", "stale"),
    [
        ("how-big", "assets/numbers.py", True),  # imported by the scene module
        ("ball-slicing", "assets/layout.py", True),  # imported by widgets, imported by the scene
        ("ball-slicing", "scenes/kit/narrator.py", True),  # the kit, imported by the theme
        ("ball-slicing", "assets/theme.json", True),  # the theme
        ("why-the-law", "scenes/talk.toml", True),  # it says another chapter's number
        ("ball-slicing", "scenes/talk.toml", False),  # it does not
        ("ball-slicing", "figures/topics/convex.py", False),  # not used by any scene
        ("ball-slicing", "scenes/chapters/how_big/scene.py", False),  # another chapter
        ("ball-slicing", "scenes/chapters/ball_slicing/__init__.py", False),  # its caption
        # production code: how videos are made into slides, handouts, galleries, not the video
        ("ball-slicing", "scenes/production/runner.py", False),
        ("ball-slicing", "scenes/production/handout.py", False),
        ("ball-slicing", "scenes/production/slides.py", False),
        # experiment code counts through the result's key (see the next test)
        ("ball-slicing", "experiments/topics/geometry.py", False),
    ],
)
def test_editing_what_a_scene_uses_makes_it_stale(
    tmp_path: Path, scene: str, edited: str, stale: bool
) -> None:
    root = project_copy(tmp_path / "copy")
    spec = get_scene(scene)
    before = scene_stamp(spec, "preview", root=root).digest
    assert scene_stamp(spec, "preview", root=root).digest == before  # stable
    touch(root / edited)
    assert (scene_stamp(spec, "preview", root=root).digest != before) is stale


def test_a_change_to_the_code_of_a_result_it_reads_makes_it_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from experiments.core.registry import get_experiment

    spec = get_scene("ball-slicing")
    before = scene_stamp(spec, "preview")
    exp = get_experiment("ball-slices")
    monkeypatch.setitem(exp.__dict__, "code", "the fingerprint of edited code")
    after = scene_stamp(spec, "preview")
    assert after.digest != before.digest
    changed = sorted(set(after.inputs) ^ set(before.inputs))
    assert len(changed) == 2 and all(i.startswith("result ball-slices ") for i in changed)


def test_stamp_includes_quality_preset_and_settings() -> None:
    spec = get_scene("ball-slicing")
    base = scene_stamp(spec, "preview").digest
    assert scene_stamp(spec, "lecture").digest != base
    assert scene_stamp(spec, "preview", "paper").digest != base
    other = scene_stamp(spec, "preview", overrides={"ball-slices": {"dims": "3,10,100"}}).digest
    assert other != base
    again = scene_stamp(spec, "preview", overrides={"ball-slices": {"dims": "3,10,100"}})
    assert again.digest == other


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["scenes", "render", "ball-slicing", "--set", "dims=10,100"],
            "error: scene 'ball-slicing' needs d = 3 in dims (the 3-D ball it slices) and a "
            "larger d to grow to (got dims=10,100)",
        ),
        (
            ["scenes", "render", "cube-clt", "--set", "histogram_dims=1,2"],
            "error: scene 'cube-clt' needs d = 3 in histogram_dims",
        ),
        (
            ["scenes", "render", "isoperimetry", "--set", "dims=3,4,5,6,7,8"],
            "error: scene 'isoperimetry' draws one to five dimensions of isoperimetry "
            "(got dims=3,4,5,6,7,8)",
        ),
        (
            ["scenes", "render", "ball-slicing", "--set", "dim=3"],
            "error: unknown setting 'dim' for ball-slices; did you mean 'dims'?",
        ),
        (
            ["slides", "ball-slicing", "--set", "dims=-1"],
            "error: dims must be between 1 and 10000000 (got -1)",
        ),
        (
            ["scenes", "sheet", "how-big"],
            "error: no preview video of how-big: run `render.py scenes render how-big "
            "--quality preview`",
        ),
    ],
)
def test_scene_commands_refuse_what_they_cannot_show_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert render.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_contact_sheet_of_a_rendered_video(talk, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from PIL import Image

    from scenes.production.gallery import write_gallery
    from scenes.production.sheet import LABEL_HEIGHT

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    assert render.main(["scenes", "sheet", "smooth-interpolation", "--every", "2"]) == 0
    sheet = talk.build / "videos" / "preview" / "smooth-interpolation-sheet.png"
    assert str(sheet) in capsys.readouterr().out
    frames = math.floor(talk.rendered.duration / 2 + 1e-6) + 1  # at 0, 2, 4, ... seconds
    with Image.open(sheet) as image:
        assert image.width == 6 * 320
        assert image.height == math.ceil(frames / 6) * (180 + LABEL_HEIGHT)
    page = write_gallery().read_text()
    assert 'href="videos/preview/smooth-interpolation-sheet.png">contact sheet</a>' in page


def test_a_missing_scene_font_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import manimpango

    from experiments.core.errors import MissingToolError
    from scenes.kit.mathjax import tex_tools_found
    from scenes.production.runner import render_scene

    if not tex_tools_found():
        pytest.skip("LaTeX not installed (make test installs it)")
    monkeypatch.setattr(manimpango, "list_fonts", lambda: ["DejaVu Sans"])
    with pytest.raises(
        MissingToolError, match=r"'CMU Serif' is not installed: `apt-get install fonts-cmu`"
    ):
        render_scene(get_scene("how-big"), force=True)


def test_videos_are_rendered_in_the_screen_theme_whatever_the_environment_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """HIDIM_THEME=light is for the printed handout; a video rendered while it is set must
    still be the screen theme (its stamp does not record the variant)."""
    import subprocess

    from assets.env import THEME_ENV
    from scenes.kit.mathjax import tex_tools_found
    from scenes.production import process, runner

    if not tex_tools_found():
        pytest.skip("LaTeX not installed (make test installs it)")
    seen: dict[str, str] = {}

    def fake_run(cmd, *, env, **kwargs):
        seen.update(env)
        return subprocess.CompletedProcess(cmd, 1)

    monkeypatch.setenv(THEME_ENV, "light")
    monkeypatch.setenv("HIDIM_BUILD", str(tmp_path))
    monkeypatch.setattr(process.subprocess, "run", fake_run)
    with pytest.raises(RuntimeError, match="failed to render"):
        runner.render_scene(get_scene("how-big"), force=True)
    assert seen and THEME_ENV not in seen


def test_a_scene_that_fails_leaves_the_others_built_and_is_named(
    talk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The talk's smooth-interpolation is up to date, cube-clt's render fails: the deck is built
    of smooth-interpolation, and the failure is one line and a non-zero exit at the end."""
    import subprocess

    from scenes.production import process

    build = tmp_path / "build"
    shutil.copytree(talk.build, build)
    monkeypatch.setenv("HIDIM_BUILD", str(build))
    monkeypatch.setattr(scenes_cli, "run_experiments", lambda *args, **kwargs: [])
    children: list[list[str]] = []

    def failing_child(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
        children.append(cmd)
        kwargs["stdout"].write("ValueError: the scene broke\n")
        return subprocess.CompletedProcess(cmd, 1)

    monkeypatch.setattr(process.subprocess, "run", failing_child)
    assert render.main(["slides", "cube-clt", "smooth-interpolation"]) == 1
    assert [cmd[-1] for cmd in children] == [get_scene("cube-clt").cls]  # the other is unchanged
    out, err = capsys.readouterr()
    assert "smooth-interpolation: unchanged" in out
    deck = build / "slides" / "smooth-interpolation-preview.html"
    assert f"from 1 scene(s) -> {deck}" in out and deck.exists()
    log = build / "videos" / "logs" / "cube-clt.preview.log"
    assert [ln for ln in err.splitlines() if ln.startswith("error")] == [
        f"error: scene 'cube-clt' failed to render (exit 1); ValueError: the scene broke; "
        f"full log: {log}"
    ]


def test_a_failure_is_named_by_its_whole_message_though_rich_wrapped_it(tmp_path: Path) -> None:
    from scenes.production.process import last_error_line

    log = tmp_path / "scene.log"
    log.write_text(
        "INFO     Animation 3 : Using cached data\n"
        "╭───── Traceback (most recent call last) ─────╮\n"
        "│ /repo/scenes/kit/narrator.py:78 in _preview_after │\n"
        "│ ❱  78 │   raise UserError(                        │\n"
        "╰──────────────────────────────────────────────╯\n"
        "UserError: beat 3 of scene 'x' is now 'agree', not 'check': the scene changed while\n"
        "the preview started; ask for it again\n"
    )
    assert last_error_line(log) == (
        "UserError: beat 3 of scene 'x' is now 'agree', not 'check': the scene changed while "
        "the preview started; ask for it again"
    )
    log.write_text("one line\nthe last line\n")
    assert last_error_line(log) == "the last line"
