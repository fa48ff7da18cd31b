"""Scenes done in parallel: no Python source parsed in a worker thread, every failure named.

CPython 3.11's ``ast.parse`` is not thread-safe (cpython#106905): ``make render`` failed on a fresh
clone with "SystemError: AST constructor recursion depth mismatch" when two render threads
computed their scenes' stamps at once. The race itself is rare and timing-bound; these tests make
it certain instead, by recording the thread of every ``ast.parse`` while the three commands that
run scenes in a pool (videos, script, light handout) go through every scene.
"""

from __future__ import annotations

import ast
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import render
from experiments.core.sources import forget_trees
from scenes.manifest import SCENES
from scenes.production import handout, process, runner
from scenes.production.cli import scenes as scenes_cli
from scenes.production.parallel import SceneFailuresError, each_scene


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of the thread of every ``ast.parse`` from here on (none cached before), while
    every scene's child process fails at once (exit 1) and the tools count as installed."""
    threads: list[str] = []
    parse = ast.parse

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return parse(*args, **kwargs)

    def failing_child(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1)

    forget_trees()
    monkeypatch.setattr(ast, "parse", recording)
    monkeypatch.setattr(process.subprocess, "run", failing_child)
    for module in (runner, process):  # the runner's own name for it, and the one the others use
        monkeypatch.setattr(module, "require_scene_tools", lambda: None)
    monkeypatch.setattr(scenes_cli, "run_experiments", lambda *args, **kwargs: [])
    yield threads
    forget_trees()  # trees parsed under the recorder are not left for other tests


@pytest.mark.parametrize(
    "command", [["scenes", "render", "--force"], ["scenes", "script"]], ids=" ".join
)
def test_commands_over_every_scene_parse_sources_in_the_main_thread_only(
    parses: list[str], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert render.main([*command, "--jobs", "4"]) == 1
    assert parses, "no stamp was computed: the test would prove nothing"
    main = threading.main_thread().name
    assert set(parses) == {main}, f"ast.parse ran in {sorted(set(parses) - {main})}"
    # and every scene was tried and named, each in one line of its own
    errors = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error: ")]
    assert [ln.split("'")[1] for ln in errors] == [s.name for s in SCENES]


def test_the_light_handout_parses_sources_in_the_main_thread_only(parses: list[str]) -> None:
    with pytest.raises(SceneFailuresError) as failed:
        handout.light_frames(SCENES, "preview", jobs=4)
    assert [f.scene for f in failed.value.failures] == [s.name for s in SCENES]
    assert parses and set(parses) == {threading.main_thread().name}


def test_each_scene_does_every_scene_it_can_and_names_the_rest() -> None:
    ball, cube, sphere = SCENES[:3]
    order: list[str] = []

    def prepare(spec: Any) -> Any:
        if spec is cube:
            raise ValueError("no such result\nsecond line")  # its stamp could not be made

        def work() -> str:
            if spec is sphere:
                raise RuntimeError(f"scene '{spec.name}' failed to render (exit 1)")
            return spec.name.upper()

        return work

    outcome = each_scene([ball, cube, sphere], prepare, jobs=2, done=lambda s: order.append(s.name))
    assert [(s.name, r) for s, r in outcome.done] == [(ball.name, ball.name.upper())]
    assert [f.line for f in outcome.failures] == [
        f"scene '{cube.name}': ValueError: no such result second line",
        f"scene '{sphere.name}' failed to render (exit 1)",
    ]
    assert sorted(order) == sorted([ball.name, cube.name, sphere.name])
    with pytest.raises(SceneFailuresError, match=f"2 scene\\(s\\) failed: {cube.name}, "):
        outcome.results()
