"""``render.py scenes profile``: the sampler weighs stacks by wall time, and each moment of a render
goes to the right stage. The command itself runs end to end in tests/test_scaffold.py, on a new
chapter."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from experiments.core.paths import REPO_ROOT
from scenes.production.profiling import (
    LABELS,
    MANIM,
    SCENE_CODE,
    STAGES,
    START_UP,
    stage_of,
    summarise,
)

SITE = "/venv/lib/python3.11/site-packages"
OURS = REPO_ROOT.as_posix()  # the scene's code as a clone anywhere has it
RENDER = (f"{SITE}/manim/scene/scene.py", "Scene.render", 240)
CONSTRUCT = (f"{OURS}/scenes/chapters/ball_slicing/scene.py", "BallSlicing.construct", 30)
PLAY = (f"{SITE}/manim/renderer/cairo_renderer.py", "CairoRenderer.play", 62)
UPDATE = (f"{SITE}/manim/mobject/mobject.py", "Mobject.update", 900)
REDRAW = (f"{SITE}/manim/animation/updaters/mobject_update_utils.py", "always_redraw.<lambda>", 80)
BECOME = (f"{SITE}/manim/mobject/mobject.py", "Mobject.become", 3182)
ALIGN = (f"{SITE}/manim/mobject/types/vectorized_mobject.py", "VMobject.align_points", 1700)
TEXT = (f"{SITE}/manim/mobject/text/tex_mobject.py", "MathTex.__init__", 300)
CAPTURE = (f"{SITE}/manim/camera/camera.py", "Camera.capture_mobjects", 500)
FAMILY = (f"{SITE}/manim/mobject/mobject.py", "Mobject.get_family", 2400)
WRITE = (f"{SITE}/manim/scene/scene_file_writer.py", "SceneFileWriter.write_frame", 537)
PUT = ("/usr/lib/python3.11/queue.py", "Queue.put", 122)
INTERP = (f"{SITE}/manim/animation/transform.py", "Transform.interpolate_submobject", 350)
BUILD = (f"{OURS}/scenes/chapters/ball_slicing/scene.py", "BallSlicing.body", 90)
IMPORT = ("<frozen importlib._bootstrap>", "_find_and_load", 1)
SLIDE = (f"{SITE}/manim_slides/slide/manim.py", "Slide.render", 168)
SAVE = (f"{SITE}/manim_slides/slide/base.py", "BaseSlide._save_slides", 650)
NUMBER = (f"{SITE}/manim/mobject/text/numbers.py", "DecimalNumber.set_value", 330)
READOUT = (
    f"{OURS}/scenes/chapters/ball_slicing/scene.py",
    "BallSlicing.tv.<locals>.<lambda>",
    140,
)


def label(part: str) -> str:
    (found,) = [s for s in LABELS if s.startswith(part)]
    return found


@pytest.mark.parametrize(
    ("stack", "stage"),
    [
        # the point alignment of become() inside always_redraw is that, not the updater
        ([RENDER, CONSTRUCT, PLAY, UPDATE, REDRAW, BECOME, ALIGN], "become()"),
        # always_redraw's rebuild of its group, outside become()
        ([RENDER, CONSTRUCT, PLAY, UPDATE, REDRAW, BUILD, FAMILY], "redrawing"),
        # an equation typeset inside an updater is typesetting
        ([RENDER, CONSTRUCT, PLAY, UPDATE, REDRAW, BUILD, TEXT], "typesetting"),
        ([RENDER, CONSTRUCT, PLAY, UPDATE, FAMILY], "other updaters"),
        # the mobject methods Cairo's drawing calls are drawing
        ([RENDER, CONSTRUCT, PLAY, CAPTURE, FAMILY], "drawing frames"),
        # a wait for the encoder's queue is the video's
        ([RENDER, CONSTRUCT, PLAY, WRITE, PUT], "writing the video"),
        ([RENDER, CONSTRUCT, PLAY, INTERP, ALIGN], "animations"),
        ([RENDER, CONSTRUCT, BUILD, FAMILY], SCENE_CODE),
        # manim-slides wraps the whole render: only its writing of the slides is the slides'
        ([SLIDE, RENDER, CONSTRUCT, BUILD, FAMILY], SCENE_CODE),
        ([SLIDE, SAVE, FAMILY], "writing the slides"),
        # a readout rebuilt in an updater is the readout's, the TeX it typesets too
        ([SLIDE, RENDER, CONSTRUCT, PLAY, UPDATE, READOUT, NUMBER, TEXT], "number readouts"),
        ([SLIDE, RENDER, CONSTRUCT, PLAY, UPDATE, READOUT, NUMBER, FAMILY], "number readouts"),
        ([IMPORT], START_UP),
        ([], START_UP),
    ],
)
def test_each_moment_goes_to_the_innermost_stage_on_its_stack(stack, stage: str) -> None:
    assert stage_of(stack) == label(stage)


def test_every_function_a_stage_names_exists_in_the_manim_installed() -> None:
    """Manim renamed or moved one, and its time would silently go to another stage."""
    import manim

    site = Path(manim.__file__).parent.parent
    for stage in STAGES:
        for fragment, function in stage.frames:
            if fragment.startswith("/scenes/") and function is None:
                assert (REPO_ROOT / fragment.strip("/")).is_file(), fragment
                continue
            if fragment.startswith("/scenes/"):  # ours: an updater nested in a function
                module = importlib.import_module(
                    fragment.strip("/").removesuffix(".py").replace("/", ".")
                )
                outer, *_ = (function or "").split(".")
                nested = [
                    c.co_qualname
                    for c in getattr(module, outer).__code__.co_consts
                    if hasattr(c, "co_qualname")
                ]
                assert function in nested, (fragment, function)
                continue
            if not fragment.startswith((MANIM, "/manim_slides/")):
                continue
            path = site / fragment.strip("/")
            assert path.exists(), (stage.label, fragment)
            if function is None:
                continue
            module = importlib.import_module(
                fragment.strip("/").removesuffix(".py").replace("/", ".")
            )
            owner: object = module
            for part in function.split("."):
                owner = getattr(owner, part)
            code = owner.__code__
            assert code.co_qualname == function


def sampled(folder: Path, module: str, source: str) -> tuple[int, dict]:
    """Run module ``module`` (its ``source`` written in ``folder``) under the sampler, as
    ``scenes profile`` runs Manim: its exit status and the record written."""
    (folder / f"{module}.py").write_text(source)
    samples = folder / "samples.json"
    done = subprocess.run(
        [sys.executable, "-m", "scenes.production.profiling", str(samples), module],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": f"{REPO_ROOT}{os.pathsep}{folder}"},
        check=False,
    )
    return done.returncode, json.loads(samples.read_text())


def test_the_sampler_weighs_each_stack_by_the_wall_time_spent_in_it(tmp_path: Path) -> None:
    status, record = sampled(
        tmp_path,
        "sleeper",
        "import time\n"
        "def long():\n    time.sleep(0.6)\n"
        "def short():\n    time.sleep(0.2)\n"
        "long()\nshort()\n",
    )
    assert status == 0
    spent = {"long": 0.0, "short": 0.0}
    for stack, weight in record["stacks"]:
        if stack and stack[-1][1] in spent:
            spent[stack[-1][1]] += weight
    assert 0.55 <= spent["long"] <= 0.9, spent
    assert 0.18 <= spent["short"] <= 0.45, spent
    assert record["wall"] >= 0.8 and record["status"] == 0
    assert record["main_cpu"] <= record["cpu"]


def test_a_failing_module_gives_its_exit_status(tmp_path: Path) -> None:
    status, record = sampled(tmp_path, "fails", "raise SystemExit(3)\n")
    assert status == 3
    assert record["status"] == 3


def test_the_summary_adds_up_and_folds_the_stacks_for_a_flame_graph(tmp_path: Path) -> None:
    record = {
        "wall": 3.2,
        "cpu": 4.0,
        "main_cpu": 2.5,
        "stacks": [
            [[RENDER, CONSTRUCT, PLAY, CAPTURE, FAMILY], 1.5],
            [[RENDER, CONSTRUCT, PLAY, UPDATE, REDRAW, BECOME, ALIGN], 1.0],
            [[RENDER, CONSTRUCT, PLAY, CAPTURE], 0.25],
            [[IMPORT], 0.4],
        ],
    }
    p = summarise(record, "demo", "preview", 10.0, tmp_path, "/scenes/chapters/ball_slicing/")
    assert p.stages[label("drawing frames")] == pytest.approx(1.75)
    assert p.stages[label("become()")] == pytest.approx(1.0)
    assert p.stages[START_UP] == pytest.approx(0.4)
    assert p.sampled == pytest.approx(3.15)
    assert p.hot[0] == ("Mobject.get_family (manim/mobject/mobject.py:2400)", 1.5)
    # each moment under the scene's code goes to its innermost line there, with the stage
    assert p.lines == [
        (
            "scenes/chapters/ball_slicing/scene.py:30 (BallSlicing.construct)",
            2.75,
            label("drawing"),
        ),
    ]
    folded = p.stacks.read_text().splitlines()
    assert len(folded) == 4
    assert all(line.rsplit(" ", 1)[1].isdigit() for line in folded)
    assert any(
        line.endswith("Camera.capture_mobjects (manim/camera/camera.py:500) 250000")
        for line in folded
    )
    summary = json.loads(p.report.read_text())
    assert summary["video_seconds"] == 10.0
    assert sum(summary["stages_seconds"].values()) == pytest.approx(3.15)
