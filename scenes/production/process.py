"""The child process that renders a chapter: its tools, its environment, its command line and
its log; inside :func:`warm_renders`, a fork of a warm process instead of a new interpreter."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assets.env import BUILD_ENV, PRESET_ENV, SCENE_SET_ENV, SLIDES_ENV, THEME_ENV
from assets.theme import load_theme
from experiments.core import paths
from experiments.core.errors import MissingToolError
from scenes.kit.chapter import Chapter

if TYPE_CHECKING:
    from scenes.production.zygote import Zygote

# Every scene render's Python hash seed. Manim's TransformMatchingTex walks sets of strings:
# with a per-process seed their order, and so the animation's cache hash, changed from one
# render to the next, and the cache missed it.
HASH_SEED = "0"


def require_scene_font() -> None:
    """The scenes' text font must be installed: without it Pango silently substitutes another,
    and text no longer matches the maths or the sizes the scenes were laid out for."""
    import manimpango

    font = load_theme()["video"]["font_family"]
    if font not in manimpango.list_fonts():
        raise MissingToolError(
            f"the scenes' font '{font}' is not installed: `apt-get install fonts-cmu` "
            "(make render does this as root)"
        )


def require_scene_tools() -> None:
    """A clear error, with the install command, if the maths backend's tools (LaTeX, or node
    and mathjax-full) or the scene font are missing."""
    from scenes.kit.mathjax import require_math_tools

    require_math_tools()
    require_scene_font()


def scene_env(preset: str, overrides: Mapping[str, Any], **extra: str) -> dict[str, str]:
    """The environment of a child process that renders a scene: the caller's, with the preset,
    the build folder and the ``--set`` values the scene reads, then ``extra``. Whether it renders
    slides or the light theme is ``extra``'s to say, never inherited from the caller: a light
    variant set for the printed handout must not end up cached as a video."""
    env = {k: v for k, v in os.environ.items() if k not in (SLIDES_ENV, THEME_ENV)}
    from assets.env import MATH_ENV
    from scenes.kit.mathjax import resolve

    env |= {
        MATH_ENV: resolve(),  # the backend made concrete: every child typesets alike
        PRESET_ENV: preset,
        BUILD_ENV: str(paths.build_dir()),
        SCENE_SET_ENV: json.dumps(overrides),
        "PYTHONPATH": str(paths.REPO_ROOT),
        "PYTHONHASHSEED": HASH_SEED,
    }
    return env | extra


_warm: list[Zygote] = []  # the warm process renders go through, inside warm_renders()


@contextlib.contextmanager
def warm_renders() -> Iterator[None]:
    """Inside, the scene renders of this process are forks of one process that has imported
    Manim and the heavy libraries already (``scenes.production.zygote``), not new interpreters: each
    render of ``scenes watch`` starts seconds sooner. Outside, nothing changes."""
    from scenes.production.zygote import Zygote

    if not hasattr(os, "fork"):  # Windows: a new interpreter per render, as outside
        yield
        return
    # its forks keep its hash seed: the one every render has
    env = os.environ | {"PYTHONPATH": str(paths.REPO_ROOT), "PYTHONHASHSEED": HASH_SEED}
    with Zygote(paths.REPO_ROOT, env) as zygote:
        _warm.append(zygote)
        try:
            yield
        finally:
            _warm.remove(zygote)


def run_logged(cmd: list[str], env: Mapping[str, str], log_path: Path) -> int:
    """Run ``cmd`` from the repository root with ``env``, no stdin, its output (both streams)
    into ``log_path``; return its exit status. Inside :func:`warm_renders`, a ``python -m``
    command runs in a fork of the warm process instead."""
    if _warm and _warm[-1].can_run(cmd):
        return _warm[-1].run(cmd, env, log_path)
    with open(log_path, "w") as log:
        proc = subprocess.run(
            cmd,
            cwd=paths.REPO_ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    return proc.returncode


def manim_command(spec: Chapter, flag: str, media: Path, output: str, *extra: str) -> list[str]:
    """The command that renders ``spec`` with Manim at quality ``flag`` into the media folder
    ``media`` (its cache of animations), the movie named ``output``, with ``extra`` flags."""
    return [
        *(sys.executable, "-m", "manim", "render", "-q", flag, "--media_dir", str(media)),
        *("--progress_bar", "none", "-o", output, *extra, str(spec.path), spec.cls),
    ]


_BOX = "│╭╰─╮╯"  # the frame Rich draws around a traceback's code
_WRAPPED = 6  # at most this many lines a long message is wrapped onto


def last_error_line(log_path: Path) -> str:
    """The most telling line of a manim log: its last exception message, whole (Rich wraps a long
    one onto the next lines), else its last line."""
    raw = log_path.read_text(errors="replace").splitlines()
    for k in range(len(raw) - 1, -1, -1):
        line = raw[k].strip()
        if not line or line.startswith(tuple(_BOX)) or not ("Error" in line or "Exception" in line):
            continue
        rest = []
        for more in raw[k + 1 : k + 1 + _WRAPPED]:
            if not more.strip() or more.lstrip().startswith(tuple(_BOX)):
                break
            rest.append(more.strip())
        return " ".join([line, *rest])
    shown = [ln.strip(" " + _BOX) for ln in raw if ln.strip(" " + _BOX)]
    return shown[-1] if shown else "no output"
