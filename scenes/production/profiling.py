"""Where a scene's render time goes: ``render.py scenes profile NAME``.

The scene renders as ``make render`` renders it (video and slides, from scratch, Manim's cache of
animations empty) in a child process that samples its own main thread: every few milliseconds a
thread records the main thread's call stack, weighted by the wall time since the last record.
Each moment is counted once, for the innermost *stage* on its stack (:data:`STAGES`): an equation
typeset inside an updater counts as typesetting, the point alignment of ``become()`` inside an
``always_redraw`` counts as that, not as the updater; a few stages take everything under them
(a number readout rebuilt, TeX and all, is the readout's). Manim encodes the video in a thread of
its own: the main thread's waits for it are "writing the video", and the CPU time of the
process's other threads is reported beside. Only the main thread's stacks are recorded.

Run as ``python -m scenes.production.profiling SAMPLES.json MODULE ARGS...``, it is that child:
it runs ``python -m MODULE ARGS...`` and writes the samples to ``SAMPLES.json``.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FrameType
from typing import TYPE_CHECKING

from experiments.core.fileio import atomic_write_text

if TYPE_CHECKING:
    from scenes.kit.chapter import Chapter

INTERVAL = 0.004  # seconds between samples of the main thread's stack


@dataclass(frozen=True)
class Stage:
    """A part of a render: the frames ``(file, function)`` that belong to it. ``file`` is a
    fragment of the source's path with forward slashes; ``function`` a qualified name, or
    ``None`` for any function of that file. A stage ``whole`` takes every moment with one of its
    frames anywhere on the stack, whatever runs inside it."""

    label: str
    frames: tuple[tuple[str, str | None], ...]
    whole: bool = False

    def matches(self, file: str, function: str) -> bool:
        return any(f in file and (fn is None or fn == function) for f, fn in self.frames)


MANIM = "/manim/"
# A sample goes to the first whole stage with a frame on its stack, else to the stage of the
# innermost frame that matches one (tested in this order: the first that matches it wins).
STAGES: tuple[Stage, ...] = (
    Stage(
        "number readouts rebuilt (DecimalNumber.set_value)",
        ((MANIM + "mobject/text/numbers.py", None),),
        whole=True,
    ),
    Stage(
        "become(): aligning the old points to the new",
        ((MANIM + "mobject/mobject.py", "Mobject.become"),),
    ),
    Stage(
        "redrawing: building groups again (always_redraw, redrawn)",
        (
            (MANIM + "animation/updaters/mobject_update_utils.py", None),
            ("/scenes/kit/widgets.py", "redrawn.<locals>.update"),
            ("/scenes/kit/motion.py", "redrawn.<locals>.update"),
        ),
    ),
    Stage(
        "typesetting and text (TeX or MathJax, Pango, SVG)",
        (
            (MANIM + "mobject/svg/", None),
            (MANIM + "mobject/text/", None),
            (MANIM + "utils/tex_file_writing.py", None),
            ("/scenes/kit/mathjax.py", None),
        ),
    ),
    Stage(
        "other updaters",
        (
            (MANIM + "mobject/mobject.py", "Mobject.update"),
            (MANIM + "scene/scene.py", "Scene.update_mobjects"),
        ),
    ),
    Stage(
        "drawing frames (Cairo)",
        (
            (MANIM + "camera/", None),
            (MANIM + "renderer/cairo_renderer.py", "CairoRenderer.update_frame"),
            (MANIM + "renderer/cairo_renderer.py", "CairoRenderer.save_static_frame_data"),
        ),
    ),
    Stage(
        "writing the video (frames to the encoder, waits, joining)",
        (
            (MANIM + "scene/scene_file_writer.py", None),
            (MANIM + "renderer/cairo_renderer.py", "CairoRenderer.add_frame"),
            (MANIM + "renderer/cairo_renderer.py", "CairoRenderer.get_frame"),
        ),
    ),
    # only where it writes them: its Slide.render and play() wrap the whole scene
    Stage(
        "writing the slides (manim-slides)",
        (("/manim_slides/slide/base.py", "BaseSlide._save_slides"),),
    ),
    Stage("hashing each play for Manim's cache", ((MANIM + "utils/hashing.py", None),)),
    Stage("animations (setting up, interpolating)", ((MANIM + "animation/", None),)),
    Stage("reading results", (("/experiments/", None),)),
)
SCENE_CODE = "the scene's own code (building mobjects, its layout)"
START_UP = "start-up and exit (imports, configuration)"
_RENDER = (MANIM + "scene/scene.py", "Scene.render")
LABELS = (START_UP, *(s.label for s in STAGES), SCENE_CODE)


# ---------------------------------------------------------------- the child: sampling a run


Frame = tuple[str, str, int]  # file (forward slashes), qualified function name, line running


def _where(code: CodeType, line: int | None) -> Frame:
    return (code.co_filename.replace(os.sep, "/"), code.co_qualname, line or code.co_firstlineno)


class Sampler:
    """Records the stacks of the thread that makes it, from a thread of its own, every
    ``interval`` seconds, each weighted by the wall time since the previous record."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.target = threading.get_ident()
        self.stacks: dict[tuple[tuple[CodeType, int | None], ...], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hidim-sampler", daemon=True)

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.wait(self.interval):
            frame: FrameType | None = sys._current_frames().get(self.target)
            now = time.perf_counter()
            codes = []
            while frame is not None:
                codes.append((frame.f_code, frame.f_lineno))
                frame = frame.f_back
            key = tuple(reversed(codes))  # outermost first
            self.stacks[key] = self.stacks.get(key, 0.0) + (now - last)
            last = now

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def records(self) -> list[tuple[list[Frame], float]]:
        return [([_where(c, line) for c, line in stack], w) for stack, w in self.stacks.items()]


def main(argv: Sequence[str]) -> int:
    """``SAMPLES.json MODULE ARGS...``: run ``python -m MODULE ARGS...`` here, sampled; write
    what was recorded; the module's exit status."""
    if len(argv) < 2:
        print("usage: python -m scenes.production.profiling SAMPLES.json MODULE [ARGS...]")
        return 2
    out, module, *args = argv
    sys.argv = [module, *args]
    status = 0
    wall, cpu = time.perf_counter(), time.process_time()
    main_cpu = time.thread_time()
    with Sampler() as sampler:
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    record = {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "main_cpu": time.thread_time() - main_cpu,
        "interval": sampler.interval,
        "stacks": sampler.records(),
        "status": status,
    }
    atomic_write_text(Path(out), json.dumps(record))
    return status


# ---------------------------------------------------------------- the parent: reading them


def stage_of(stack: Sequence[Sequence[object]]) -> str:
    """The stage a sample's stack (outermost frame first) belongs to."""
    for stage in STAGES:
        if stage.whole and any(stage.matches(str(f), str(fn)) for f, fn, *_ in stack):
            return stage.label
    for file, function, *_ in reversed(stack):
        for stage in STAGES:
            if not stage.whole and stage.matches(str(file), str(function)):
                return stage.label
    rendering = any(_RENDER[0] in str(f) and fn == _RENDER[1] for f, fn, *_ in stack)
    return SCENE_CODE if rendering else START_UP


@dataclass(frozen=True)
class SceneProfile:
    """What ``scenes profile`` measured of one render."""

    name: str
    quality: str
    wall: float  # seconds the sampled process ran (the render itself)
    cpu: float  # CPU seconds of the whole process
    main_cpu: float  # of which its main thread
    video: float  # seconds of video it made
    stages: dict[str, float]  # seconds of the main thread's wall time per stage (LABELS' order)
    hot: list[tuple[str, float]]  # "function (file:line)", seconds as the innermost frame
    lines: list[tuple[str, float, str]]  # a line of the scene's code: seconds under it, its stage
    stacks: Path  # the samples folded (flame-graph format)
    report: Path  # this, as JSON

    @property
    def sampled(self) -> float:
        return sum(self.stages.values())


def summarise(
    record: Mapping[str, object],
    name: str,
    quality: str,
    video: float,
    folder: Path,
    scene_code: str | None = None,
) -> SceneProfile:
    """Read the samples ``record`` of scene ``name`` into stages, the hottest functions, the lines
    of the scene's own code (the innermost frame whose file's path contains ``scene_code``) with
    the time spent under each and the stage most of it went to, and a folded-stacks file (one
    line per stack, ``function (file:line);... microseconds``), written in ``folder`` beside a
    JSON copy of the summary."""
    stages = dict.fromkeys(LABELS, 0.0)
    own: dict[str, float] = {}
    under: dict[str, dict[str, float]] = {}
    folded: dict[str, float] = {}
    stacks = record["stacks"]
    assert isinstance(stacks, list)
    for stack, weight in stacks:
        stage = stage_of(stack)
        stages[stage] += weight
        if stack:
            file, function, line = stack[-1]
            where = f"{function} ({_short(file)}:{line})"
            own[where] = own.get(where, 0.0) + weight
        ours = [f for f in stack if scene_code and scene_code in f[0]]
        if ours:
            file, function, line = ours[-1]
            per = under.setdefault(f"{_short(file)}:{line} ({function})", {})
            per[stage] = per.get(stage, 0.0) + weight
        key = ";".join(f"{fn} ({_short(f)}:{line})" for f, fn, line in stack) or "(idle)"
        folded[key] = folded.get(key, 0.0) + weight
    hot = sorted(own.items(), key=lambda kv: -kv[1])[:12]
    lines = sorted(
        ((w, sum(per.values()), max(per, key=per.__getitem__)) for w, per in under.items()),
        key=lambda row: -row[1],
    )[:12]
    folder.mkdir(parents=True, exist_ok=True)
    flame = folder / f"{name}.{quality}.folded"
    atomic_write_text(flame, "".join(f"{k} {round(v * 1e6)}\n" for k, v in sorted(folded.items())))
    report = folder / f"{name}.{quality}.json"
    profile = SceneProfile(
        name,
        quality,
        float(record["wall"]),  # type: ignore[arg-type]
        float(record["cpu"]),  # type: ignore[arg-type]
        float(record["main_cpu"]),  # type: ignore[arg-type]
        video,
        stages,
        hot,
        lines,
        flame,
        report,
    )
    summary = {
        "scene": name,
        "quality": quality,
        "wall_seconds": profile.wall,
        "cpu_seconds": profile.cpu,
        "main_thread_cpu_seconds": profile.main_cpu,
        "video_seconds": video,
        "stages_seconds": stages,
        "hottest_functions_seconds": dict(hot),
        "scene_lines": [{"line": w, "seconds": t, "mostly": st} for w, t, st in lines],
    }
    atomic_write_text(report, json.dumps(summary, indent=2) + "\n")
    return profile


def _short(file: str) -> str:
    """A source path as a reader knows it: from the repository's root for ours
    (``scenes/kit/widgets.py``), from the package on for the others (``manim/camera/camera.py``,
    ``threading.py``)."""
    if "/site-packages/" in file:  # first: the virtual environment may be in the repository
        return file.split("/site-packages/", 1)[1]
    repo = str(Path(__file__).resolve().parents[2]).replace(os.sep, "/") + "/"
    if file.startswith(repo):
        return file[len(repo) :]
    if "/lib/python3" in file:  # the standard library: /usr/lib/python3.11/threading.py
        return file.split("/lib/python3", 1)[1].split("/", 1)[-1]
    return file


def profile_scene(
    spec: Chapter, quality: str, preset: str, overrides: Mapping[str, Mapping[str, object]]
) -> SceneProfile:
    """Render ``spec`` at ``quality`` from scratch, video
    and slides, in a sampled child process, in a folder of its own (build/profiles/NAME/): the
    scene's video, slides and Manim cache are not touched. Its TeX and text caches are copied in
    first, when an earlier render left them, so typesetting is what a render after an edit pays."""
    from assets.env import BEATS_ENV, SCENE_NAME_ENV, SLIDES_ENV, VOICE_ENV
    from experiments.core import paths
    from scenes.production.media import video_duration
    from scenes.production.outputs import QUALITIES, scene_media_dir
    from scenes.production.process import (
        last_error_line,
        manim_command,
        require_scene_tools,
        run_logged,
        scene_env,
    )

    require_scene_tools()
    folder = paths.build_dir() / "profiles" / spec.name
    media = folder / "media"
    for made in (media, folder / "slides"):  # ours: the last profile's render and slides
        shutil.rmtree(made, ignore_errors=True)
    media.mkdir(parents=True)
    for cache in ("Tex", "texts"):
        if (scene_media_dir(spec) / cache).is_dir():
            shutil.copytree(scene_media_dir(spec) / cache, media / cache)
    env = scene_env(
        preset,
        {k: dict(v) for k, v in overrides.items()},
        **{
            SLIDES_ENV: str(folder / "slides"),
            BEATS_ENV: str(folder / f"{quality}.beats.json"),
            SCENE_NAME_ENV: spec.name,
            VOICE_ENV: "none",
        },
    )
    samples = folder / f"{spec.name}.{quality}.samples.json"
    samples.unlink(missing_ok=True)
    flag = QUALITIES[quality][0]
    command = manim_command(spec, flag, media, spec.name)
    cmd = [sys.executable, "-m", __name__, str(samples), *command[2:]]
    log = folder / f"{spec.name}.{quality}.log"
    status = run_logged(cmd, env, log)
    video = media / "videos" / spec.path.stem / QUALITIES[quality][1] / f"{spec.name}.mp4"
    if status != 0 or not samples.exists() or not video.exists():
        raise RuntimeError(
            f"scene '{spec.name}' failed to render (exit {status}); "
            f"{last_error_line(log)}; full log: {log}"
        )
    record = json.loads(samples.read_text())
    scene_code = spec.folder.resolve().as_posix() + "/"
    return summarise(record, spec.name, quality, video_duration(video), folder, scene_code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
