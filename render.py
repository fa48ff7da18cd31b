#!/usr/bin/env python3
"""hidim: run experiments, build paper figures and render lecture videos.

The one command-line entry. It only parses options and calls the packages ``experiments``,
``figures`` and ``scenes``; every file it writes goes under ``build/``.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assets.env import DEBUG_ENV
from experiments.core import paths
from experiments.core.config import PRESET_NAMES, parse_set_options
from experiments.core.errors import MissingToolError, UserError, unknown_name
from experiments.core.registry import RunContext, get_experiment
from experiments.core.store import DamagedEntryError, Result, ResultStore
from experiments.core.sweep import EXECUTORS, Executor, LocalExecutor, make_executor
from scenes.production.parallel import SceneFailuresError

if TYPE_CHECKING:  # imported where used: the scenes package loads manim, slow to start
    from scenes.kit.chapter import Chapter
    from scenes.production.parallel import Outcome, SceneFailure
    from scenes.production.runner import RenderedScene
    from scenes.production.slides import SlideDeck

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

preset_option = click.option(
    "--preset",
    type=click.Choice(PRESET_NAMES),
    default="quick",
    show_default=True,
    help="Experiment sizes: quick (minutes on a laptop) or paper (the published figures).",
)
set_option = click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override one setting (repeatable), e.g. --set dims=3,7,33. "
    "See `render.py experiments settings NAME`.",
)


def executor_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--executor, --workers, --scheduler: where the cells of a sweep are computed."""
    fn = click.option(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="--executor dask: use the running cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786).",
    )(fn)
    fn = click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="--executor dask: start a local cluster of N worker processes (one cell each).",
    )(fn)
    return click.option(
        "--executor",
        type=click.Choice(EXECUTORS),
        default="local",
        show_default=True,
        help="Where the cells of a sweep run: here, one after the other, or on Dask distributed.",
    )(fn)


def _progress() -> Progress:
    # Live bars only on a terminal: in logs and pipes they would leave stray blank lines.
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def _tracker(progress: Progress) -> Callable[..., Iterator[Any]]:
    def track(
        iterable: Iterable[Any], description: str = "", total: int | None = None
    ) -> Iterator[Any]:
        if total is None and hasattr(iterable, "__len__"):
            total = len(iterable)  # type: ignore[arg-type]
        task = progress.add_task(description, total=total)
        for item in iterable:
            yield item
            progress.advance(task)
        progress.remove_task(task)

    return track


def _overrides_by_experiment(
    names: Sequence[str], settings: Sequence[str]
) -> dict[str, dict[str, str]]:
    """Split ``--set`` values between experiments: each key goes to those that have it."""
    raw = parse_set_options(settings)
    per: dict[str, dict[str, str]] = {n: {} for n in names}
    for key, value in raw.items():
        holders = [n for n in names if key in get_experiment(n).config_cls.setting_names()]
        if not holders:
            known = sorted({k for n in names for k in get_experiment(n).config_cls.setting_names()})
            raise unknown_name("setting", key, known, where=f"for {', '.join(names)}")
        for n in holders:
            per[n][key] = value
    return per


def _settings_held(names: Sequence[str], settings: Sequence[str]) -> tuple[str, ...]:
    """The ``--set`` items whose key one of the experiments ``names`` has (already validated)."""
    keys = {k for n in names for k in get_experiment(n).config_cls.setting_names()}
    return tuple(item for item in settings if item.partition("=")[0].strip() in keys)


def _run_experiments(
    names: Sequence[str],
    preset: str,
    settings: Sequence[str],
    device: str,
    force: bool,
    executor: Executor | None = None,
) -> list[Result]:
    names = list(dict.fromkeys(names))
    per = _overrides_by_experiment(names, settings)
    configs = {n: get_experiment(n).config(preset, per[n]) for n in names}  # validate all first
    if device == "cuda" and any(get_experiment(n).uses_device for n in names):
        # no GPU where the cells run: say so now, even if the results are already stored
        (executor or LocalExecutor()).check_device(device)
    store = ResultStore(warn=lambda msg: err_console.print(f"[yellow]warning:[/] {msg}"))
    results = []
    with _progress() as progress:
        ctx = RunContext(track=_tracker(progress))
        for n in names:
            results.append(
                store.get(
                    get_experiment(n),
                    configs[n],
                    device=device,
                    force=force,
                    ctx=ctx,
                    executor=executor,
                )
            )
    return results


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """Experiments, paper figures and lecture videos on high-dimensional probability.

    Everything generated goes under build/ (results/, figures/, videos/).
    """


@cli.command("list")
def list_cmd() -> None:
    """List every experiment, figure and scene, one line each."""
    from experiments.core.registry import all_experiments
    from figures import all_figures
    from scenes.manifest import SCENES

    for heading, rows in (
        ("experiments", [(e.name, e.description) for e in all_experiments()]),
        ("figures", [(f.name, f.description) for f in all_figures()]),
        ("scenes", [(s.name, s.title) for s in SCENES]),
    ):
        out.print(f"[bold]{heading}[/]")
        width = max(len(n) for n, _ in rows)
        for name, description in rows:
            out.print(f"  {name:<{width}}  {description}", soft_wrap=True)


# --- experiments -------------------------------------------------------------------------------


@cli.group()
def experiments() -> None:
    """Run experiments and export their results."""


@experiments.command("run")
@click.argument("names", nargs=-1, required=True)
@preset_option
@set_option
@click.option(
    "--device",
    type=click.Choice(["auto", "cpu", "cuda"]),
    default="auto",
    show_default=True,
    help="Where torch experiments run.",
)
@click.option("--force", is_flag=True, help="Recompute even if a stored result (or cell) exists.")
@executor_options
def experiments_run(
    names: tuple[str, ...],
    preset: str,
    settings: tuple[str, ...],
    device: str,
    force: bool,
    executor: str,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Compute the named experiments (stored results are reused unless --force).

    A sweep (smoothness-curve, law-scaling, parameters-needed, fixed-function) is computed cell
    by cell and every finished cell is kept: run again after an interruption and only the
    missing cells are computed; grow the grid and only the new ones are."""
    runner = make_executor(executor, workers, scheduler)
    for r in _run_experiments(names, preset, settings, device, force, runner):
        how = "computed" if r.fresh else "stored"
        cells = r.meta.get("cells")
        note = ""
        if r.fresh and cells:
            note = (
                f" ({cells['total']} cells: {cells['computed']} computed by "
                f"{cells['executor']}, {cells['reused']} from the store)"
            )
        out.print(
            f"{r.name}: {how} in {r.meta['wall_time_s']:.2f} s on {r.meta['device']}{note} "
            f"-> {r.path}"
        )


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@experiments.command("cells")
@click.argument("names", nargs=-1, required=True)
@preset_option
@set_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Project the time of the missing cells on N workers.",
)
@click.option("--each", is_flag=True, help="Also one line per cell: its settings and time.")
def experiments_cells(
    names: tuple[str, ...], preset: str, settings: tuple[str, ...], workers: int, each: bool
) -> None:
    """How far each sweep is: its cells, how many are stored, their times, and what the missing
    ones would take on N workers. Computes nothing.

    A missing cell is expected to take as long as a stored cell of the same grid point (another
    seed), else the median stored cell."""
    names = tuple(dict.fromkeys(names))
    per = _overrides_by_experiment(names, settings)
    store = ResultStore()
    for name in names:
        exp = get_experiment(name)
        config = exp.config(preset, per[name])
        if exp.sweep is None:
            try:
                found = store.read(exp, config)
            except DamagedEntryError:
                found = None  # a run recomputes it
            how = f"stored, {found.meta['wall_time_s']:.1f} s" if found else "not stored"
            out.print(f"{name}: not a sweep (one piece): {how}")
            continue
        status = store.cell_status(exp, config)
        times = [float(m["wall_time_s"]) for _, m in status if m is not None]
        by_point: dict[str, list[float]] = {}
        for cell, meta in status:
            if meta is not None:
                by_point.setdefault(_grid_point(cell.settings), []).append(meta["wall_time_s"])
        missing = [cell for cell, meta in status if meta is None]
        line = f"{name}: {len(status)} cells, {len(times)} stored"
        if times:
            line += f" (median {np.median(times):.1f} s a cell, total {_duration(sum(times))})"
        if missing and times:
            median = float(np.median(times))
            guesses = [
                float(np.mean(by_point.get(_grid_point(c.settings), [median]))) for c in missing
            ]
            total = sum(guesses)
            untimed = {_grid_point(c.settings) for c in missing} - set(by_point)
            line += (
                f"; {len(missing)} missing: about {_duration(total)} on one worker, "
                f"{_duration(max(total / workers, max(guesses)))} on {workers}"
            )
            if untimed:
                line += (
                    f" ({len(untimed)} grid point{'s' if len(untimed) != 1 else ''} with no "
                    "timed cell counted at the median: a guess)"
                )
        elif missing:
            line += f"; {len(missing)} missing (no stored cell to time them by)"
        out.print(line)
        if each:
            for cell, meta in status:
                when = f"{meta['wall_time_s']:.1f} s on {meta['device']}" if meta else "missing"
                out.print(f"  {cell.describe()}: {when}")


def _grid_point(settings: Mapping[str, Any]) -> str:
    """A cell's place in its grid without its seed (cells of one point cost about the same)."""
    return " ".join(f"{k}={v}" for k, v in settings.items() if k != "seed")


@experiments.command("export")
@click.argument("name")
@preset_option
@set_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="JSON file to write.",
)
def experiments_export(name: str, preset: str, settings: tuple[str, ...], output: Path) -> None:
    """Write one result (config, metadata, every array) as JSON."""
    from experiments.core.export import write_json

    (result,) = _run_experiments([name], preset, settings, "auto", False)
    write_json(result, output)
    out.print(f"wrote {output}")


@experiments.command("settings")
@click.argument("name")
def experiments_settings(name: str) -> None:
    """Show the settings of one experiment, their quick defaults and allowed values."""
    exp = get_experiment(name)
    out.print(f"[bold]{exp.name}[/] (version {exp.version}): {exp.description}")
    for key, tname, default, text in exp.config_cls.describe():
        shown = ",".join(map(str, default)) if isinstance(default, tuple) else default
        out.print(f"  {key} ({tname}) = {shown}: {text}", soft_wrap=True)
    for preset, changes in exp.config_cls.PRESETS.items():
        if changes:
            out.print(
                f"  preset {preset}: "
                + "; ".join(
                    f"{k}={','.join(map(str, v)) if isinstance(v, tuple) else v}"
                    for k, v in changes.items()
                ),
                soft_wrap=True,
            )


# --- figures -----------------------------------------------------------------------------------


def _venue_dir(venue: str | None) -> Path:
    """build/figures/ for the theme's default venue (no --venue), build/figures/VENUE/ else."""
    return paths.figures_dir() / venue if venue else paths.figures_dir()


def _build_figures(
    names: Sequence[str], preset: str, settings: Sequence[str], venue: str | None = None
) -> list[Path]:
    from figures import all_figures, build_figure, get_figure

    specs = [get_figure(n) for n in names] if names else all_figures()
    needed = list(dict.fromkeys(e for s in specs for e in s.needs))
    per = _overrides_by_experiment(needed, settings) if settings else {}
    _run_experiments(needed, preset, settings, "auto", False)
    written: list[Path] = []
    with _progress() as progress:
        task = progress.add_task("figures", total=len(specs))
        for spec in specs:
            written += build_figure(
                spec, _venue_dir(venue), preset=preset, overrides=per, venue=venue
            )
            progress.advance(task)
    return written


def _venue_names() -> list[str]:
    from figures.kit.style import venues

    return list(venues())


venue_option = click.option(
    "--venue",
    type=click.Choice(_venue_names()),
    default=None,
    help="Widths, font sizes and type family of a venue (assets/theme.json); written to "
    "build/figures/VENUE/. Without it: the theme's default venue, into build/figures/.",
)


@cli.group()
def figures() -> None:
    """Build paper figures (PDF with embedded fonts, and PNG)."""


@figures.command("build")
@click.argument("names", nargs=-1)
@preset_option
@set_option
@venue_option
def figures_build(
    names: tuple[str, ...], preset: str, settings: tuple[str, ...], venue: str | None
) -> None:
    """Build the named figures (all if none) into build/figures/ (or build/figures/VENUE/)."""
    for path in _build_figures(names, preset, settings, venue):
        out.print(f"wrote {path}")


@figures.command("proof")
@click.argument("names", nargs=-1)
@preset_option
@click.option(
    "--venue",
    "venues",
    type=click.Choice(_venue_names()),
    multiple=True,
    help="Venue to check (repeatable; all if none).",
)
def figures_proof(names: tuple[str, ...], preset: str, venues: tuple[str, ...]) -> None:
    """The named figures (all if none) in a LaTeX page of each venue:
    build/figures/VENUE/proof.pdf and its pages as PNG. Fails if a figure is wider than its
    venue width or than the text, or uses a font outside the venue's type family."""
    from figures import all_figures, get_figure
    from figures.kit.proof import FAMILY_NAMES, proof
    from figures.kit.style import venue_settings

    failed = False
    for venue in venues or _venue_names():
        specs = [get_figure(n) for n in names] if names else all_figures()
        _build_figures([s.name for s in specs], preset, (), venue)
        report = proof(venue, specs, _venue_dir(venue))
        family = FAMILY_NAMES[venue_settings(venue)["type_family"]]
        for check in report.figures:
            problems = []
            if check.too_wide_in:
                problems.append(
                    f"{check.too_wide_in:.2f} in wider than its {check.width} width "
                    f"({check.declared_in:g} in)"
                )
            if check.overfull_pt:
                problems.append(f"{check.overfull_pt:.1f} pt wider than the text")
            if check.overhigh_pt:
                problems.append(f"{check.overhigh_pt:.1f} pt taller than the slide")
            if check.foreign_fonts:
                problems.append("fonts outside " + family + ": " + ", ".join(check.foreign_fonts))
            status = "ok" if check.ok else "; ".join(problems)
            out.print(f"{venue:8} {check.name:22} {check.pdf_width_in:5.2f} in  {status}")
        out.print(f"{venue}: {report.pdf} ({len(report.pages)} pages as PNG beside it)")
        failed |= not report.ok
    if failed:
        raise click.ClickException("some figures do not fit their venue (listed above)")


# --- scenes ------------------------------------------------------------------------------------

quality_option = click.option(
    "--quality",
    type=click.Choice(["preview", "lecture", "4k"]),
    default="preview",
    show_default=True,
    help="preview 480p15, lecture 1080p60, 4k 2160p60.",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Scenes rendered in parallel [default: number of CPU cores].",
)


def _set_math(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--math: the maths backend of every scene this command renders (HIDIM_MATH, which the
    scenes' child processes inherit)."""
    from assets.env import MATH_ENV

    if value is not None:
        os.environ[MATH_ENV] = value


def _announce_math() -> None:
    """Say once which backend typesets the maths: when scenes are about to be run, after the
    command's options and names are known to be good (an error stays one line)."""
    from assets.env import MATH_ENV
    from scenes.kit.mathjax import describe, resolve

    err_console.print(describe(os.environ.get(MATH_ENV), resolve()), markup=False)


math_option = click.option(
    "--math",
    type=click.Choice(("auto", "tex", "mathjax")),
    default=None,
    expose_value=False,
    callback=_set_math,
    help="Who typesets the scenes' maths: tex (LaTeX and dvisvgm), mathjax (MathJax under node, "
    "no TeX needed), or auto: TeX when installed, else MathJax [default: HIDIM_MATH, else auto].",
)


def voice_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--voice, --voice-model and --burn-captions, passed on as ``voice=VoiceChoice``."""
    from scenes.kit.voice import VOICES

    def wrapped(voice: str, voice_model: Path | None, burn_captions: bool, **kwargs: Any) -> Any:
        return fn(voice=VoiceChoice(voice, voice_model, burn_captions), **kwargs)

    wrapped.__name__, wrapped.__doc__ = fn.__name__, fn.__doc__
    for option in reversed(
        [
            click.option(
                "--voice",
                type=click.Choice(VOICES),
                default="none",
                show_default=True,
                help="Narration: none; tts (each beat's narration spoken offline by Festival); "
                "recorded (your takes, assets/voice/SCENE/BEAT.wav; speech where one is "
                "missing). A beat lasts at least as long as its narration.",
            ),
            click.option(
                "--voice-model",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="A Piper voice model (.onnx, its .onnx.json beside it) to speak with "
                "instead of Festival (needs pip install piper-tts).",
            ),
            click.option(
                "--burn-captions",
                is_flag=True,
                help="Also write NAME.captioned.mp4, the video with its captions drawn in.",
            ),
        ]
    ):
        wrapped = option(wrapped)
    return wrapped


class VoiceChoice:
    """What --voice, --voice-model and --burn-captions asked for."""

    def __init__(self, voice: str = "none", model: Path | None = None, burn: bool = False) -> None:
        if model is not None and voice == "none":
            raise UserError("--voice-model needs --voice tts or --voice recorded")
        self.voice, self.model, self.burn = voice, model, burn


def _render_scenes(
    names: Sequence[str],
    quality: str,
    preset: str,
    jobs: int | None,
    force: bool,
    settings: Sequence[str] = (),
    voice: VoiceChoice | None = None,
) -> Outcome[RenderedScene]:
    """Render the named scenes (all if none), ``jobs`` at a time: every scene that can be, in
    talk order, and every failure (the caller names them once the rest is built)."""
    from scenes.kit.voice import speech_engine
    from scenes.manifest import SCENES, get_scene
    from scenes.production.parallel import each_scene
    from scenes.production.runner import prepare_render

    voice = voice or VoiceChoice()

    specs = [get_scene(n) for n in names] if names else list(SCENES)
    needed = list(dict.fromkeys(e for s in specs for e in s.needs))
    per = _overrides_by_experiment(needed, settings)
    configs = {n: get_experiment(n).config(preset, per[n]) for n in needed}
    for spec in specs:  # a scene that cannot show these configurations says so before any work
        spec.require(configs)
    if voice.voice == "tts" or voice.model is not None:
        speech_engine(voice.model)  # the engine is there, before any render
    _announce_math()
    _run_experiments(needed, preset, settings, "auto", False)

    def prepare(spec: Chapter) -> Callable[[], RenderedScene]:
        overrides = {e: per[e] for e in spec.needs}
        return prepare_render(
            spec, quality, preset, force, overrides, voice.voice, voice.model, voice.burn
        )

    with _progress() as progress:
        task = progress.add_task(f"scenes ({quality})", total=len(specs))
        return each_scene(specs, prepare, jobs, done=lambda _: progress.advance(task))


def _report_scenes(rendered: Sequence[RenderedScene]) -> None:
    for r in rendered:
        how = "unchanged" if r.skipped else f"rendered in {r.seconds:.1f} s"
        voiced = f", voice {r.voice}" if r.voice != "none" else ""
        captions = f", captions {r.captions.name}" if r.captions else ""
        out.print(
            f"{r.name}: {how}, {r.duration:.1f} s of video{voiced} -> {r.video} "
            f"(poster {r.poster.name}{captions})",
            markup=False,
        )
        if r.captioned is not None:
            out.print(f"  captions drawn in -> {r.captioned}", markup=False)
        if r.missing_takes:
            folder = paths.REPO_ROOT / "assets" / "voice" / r.name
            out.print(
                f"  no take for {len(r.missing_takes)} beat(s), spoken by speech instead: "
                f"{', '.join(r.missing_takes)} (record {folder}/BEAT.wav)",
                markup=False,
            )


@cli.group()
def scenes() -> None:
    """Render Manim scenes to videos with a poster frame."""


@scenes.command("render")
@click.argument("names", nargs=-1)
@quality_option
@preset_option
@set_option
@jobs_option
@click.option("--force", is_flag=True, help="Render even if nothing changed.")
@click.option(
    "--from-beat",
    metavar="K",
    default=None,
    help="Preview one scene from beat K (its number from 1 or its id, as in `scenes script`) to "
    "the end: build/videos/QUALITY/previews/NAME.from-KK.mp4; the video is not touched.",
)
@click.option(
    "--frame",
    is_flag=True,
    help="With --from-beat: only the last frame of that beat, as a PNG (the fastest look).",
)
@math_option
@voice_options
def scenes_render(
    names: tuple[str, ...],
    quality: str,
    preset: str,
    settings: tuple[str, ...],
    jobs: int | None,
    force: bool,
    from_beat: str | None,
    frame: bool,
    voice: VoiceChoice,
) -> None:
    """Render the named scenes (all if none) into build/videos/QUALITY/: NAME.mp4, its poster
    NAME.png, its captions NAME.vtt and NAME.srt, and NAME.beats.json (each beat's time and
    narration).

    --set changes the experiments the scenes read, e.g. --set dims=3,10,100 for ball-slicing.
    """
    if frame and from_beat is None:
        raise UserError("--frame needs --from-beat K (the beat whose last frame to write)")
    if from_beat is not None:
        if len(names) != 1:
            raise UserError("--from-beat previews one scene: name it")
        if voice.voice != "none" or voice.burn:
            raise UserError("--from-beat previews are silent: no --voice, no --burn-captions")
        _preview(names[0], from_beat, frame, quality, preset, settings)
        return
    outcome = _render_scenes(names, quality, preset, jobs, force, settings, voice)
    _report_scenes([r for _, r in outcome.done])
    _fail_if(outcome.failures)


def _ready_scene(
    name: str, preset: str, settings: Sequence[str]
) -> tuple[Chapter, dict[str, dict[str, Any]]]:
    """Scene ``name`` and its experiments' --set values, once they are known to be good (one
    line otherwise), the maths backend said and the results it reads computed."""
    from scenes.manifest import get_scene

    spec = get_scene(name)
    per = _overrides_by_experiment(list(spec.needs), settings)
    spec.require({n: get_experiment(n).config(preset, per[n]) for n in spec.needs})
    _announce_math()
    _run_experiments(list(spec.needs), preset, settings, "auto", False)
    return spec, per


def _preview(
    name: str, beat: str, frame: bool, quality: str, preset: str, settings: Sequence[str]
) -> None:
    from scenes.production.runner import preview_scene

    spec, per = _ready_scene(name, preset, settings)
    shown = preview_scene(spec, beat, quality, preset, per, frame)
    what = "last frame of beat" if frame else "from beat"
    out.print(
        f"{shown.name}: {what} {shown.beat} ({shown.beat_name}) in {shown.seconds:.1f} s "
        f"-> {shown.path}",
        markup=False,
    )


@scenes.command("watch")
@click.argument("name")
@quality_option
@preset_option
@set_option
@click.option(
    "--from-beat",
    metavar="K",
    default=None,
    help="Render from beat K (number or id) to the end each time, into previews/ (fastest).",
)
@click.option("--frame", is_flag=True, help="With --from-beat: only that beat's last frame.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1, max=60),
    default=0.5,
    show_default=True,
    help="Seconds between two looks at the sources.",
)
@math_option
def scenes_watch(
    name: str,
    quality: str,
    preset: str,
    settings: tuple[str, ...],
    from_beat: str | None,
    frame: bool,
    interval: float,
) -> None:
    """Render scene NAME again whenever its sources or the theme change, printing the path of
    what was written each time (the video, or with --from-beat its preview); Ctrl-C ends it."""
    from scenes.production.process import warm_renders
    from scenes.production.runner import preview_scene, render_scene
    from scenes.production.stamps import scene_sources
    from scenes.production.watch import watch

    if frame and from_beat is None:
        raise UserError("--frame needs --from-beat K (the beat whose last frame to write)")
    spec, per = _ready_scene(name, preset, settings)

    def render() -> str:
        if from_beat is not None:
            shown = preview_scene(spec, from_beat, quality, preset, per, frame)
            return f"{shown.path} ({shown.seconds:.1f} s)"
        done = render_scene(spec, quality, preset, False, per)
        how = "unchanged" if done.skipped else f"{done.seconds:.1f} s"
        return f"{done.video} ({how})"

    def report(line: str) -> None:
        out.print(f"{time.strftime('%H:%M:%S')} {line}", markup=False)
        sys.stdout.flush()  # seen at once, also through a pipe

    # Ctrl-C stops the watch even where SIGINT came ignored (a process started in the background)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    out.print(f"watching {name}'s sources and the theme (Ctrl-C to stop)", markup=False)
    sys.stdout.flush()
    try:
        with warm_renders():  # each render a fork of a process with Manim imported
            watch(lambda: scene_sources(spec), render, report, interval)
    except KeyboardInterrupt:
        out.print("stopped watching", markup=False)


@scenes.command("script")
@click.argument("names", nargs=-1)
@preset_option
@set_option
@jobs_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the script to this Markdown file instead of printing it.",
)
@math_option
def scenes_script(
    names: tuple[str, ...],
    preset: str,
    settings: tuple[str, ...],
    jobs: int | None,
    output: Path | None,
) -> None:
    """The narration of the named scenes (all if none) as a Markdown script, beat by beat: each
    beat's id (its take is assets/voice/SCENE/ID.wav), its time and its sentence."""
    from experiments.core.fileio import atomic_write_text
    from scenes.manifest import SCENES, get_scene
    from scenes.production.script import script_markdown, talk_beats

    specs = [get_scene(n) for n in names] if names else list(SCENES)
    needed = list(dict.fromkeys(e for s in specs for e in s.needs))
    per = _overrides_by_experiment(needed, settings)
    configs = {n: get_experiment(n).config(preset, per[n]) for n in needed}
    for spec in specs:
        spec.require(configs)
    _announce_math()
    _run_experiments(needed, preset, settings, "auto", False)
    text = script_markdown(talk_beats(specs, preset, per, jobs))
    if output is None:
        click.echo(text)
    else:
        atomic_write_text(output, text)
        err_console.print(f"script -> {output}", markup=False)


@scenes.command("sheet")
@click.argument("names", nargs=-1)
@quality_option
@click.option(
    "--every",
    type=click.FloatRange(min=0.1, max=60),
    default=1.0,
    show_default=True,
    help="Seconds between the frames shown.",
)
def scenes_sheet(names: tuple[str, ...], quality: str, every: float) -> None:
    """Contact sheets of rendered videos (all if none named): a grid of frames, one every
    EVERY seconds with its time, written to build/videos/QUALITY/NAME-sheet.png."""
    from scenes.manifest import SCENES, get_scene
    from scenes.production.sheet import contact_sheet, sheet_path

    specs = [get_scene(n) for n in names] if names else list(SCENES)
    videos = [paths.videos_dir() / quality / f"{s.name}.mp4" for s in specs]
    missing = [s.name for s, v in zip(specs, videos, strict=True) if not v.exists()]
    if missing:
        hint = " ".join(["render.py scenes render", *missing, "--quality", quality])
        raise UserError(f"no {quality} video of {', '.join(missing)}: run `{hint}`")
    for video in videos:
        out.print(f"wrote {contact_sheet(video, sheet_path(video), every=every)}")


# --- lecture mode -------------------------------------------------------------------------------


def _build_slides(
    names: Sequence[str],
    quality: str,
    preset: str,
    jobs: int | None,
    pptx: bool,
    settings: Sequence[str] = (),
    light: bool = False,
    voice: VoiceChoice | None = None,
) -> tuple[SlideDeck | None, list[SceneFailure]]:
    """Render what is missing or stale, then join the slides of the scenes that rendered in
    talk order (no deck if none did); the scenes that failed come back for the caller to name."""
    from scenes.production.slides import build_slides

    outcome = _render_scenes(names, quality, preset, jobs, False, settings, voice)
    _report_scenes([r for _, r in outcome.done])
    specs = [spec for spec, _ in outcome.done]
    if not specs:
        return None, outcome.failures
    per = _overrides_by_experiment(list(dict.fromkeys(e for s in specs for e in s.needs)), settings)
    deck = build_slides(
        specs, quality, pptx=pptx, light=light, preset=preset, overrides=per, jobs=jobs
    )
    return deck, outcome.failures


def _fail_if(failures: Sequence[SceneFailure]) -> None:
    """End the command with every scene that failed (each in one line), once all else is done."""
    if failures:
        raise SceneFailuresError(failures)


def _report_deck(deck: SlideDeck) -> None:
    out.print(
        f"slides: {deck.slides} slides from {len(deck.scenes)} scene(s) -> {deck.html} "
        f"(handout {deck.pdf.name}{', ' + deck.pptx.name if deck.pptx else ''})",
        markup=False,
    )
    for handout in (deck.handout, deck.light):
        if handout is None:
            continue
        out.print(
            f"handout ({handout.variant}): {handout.printed} pages -> {handout.pdf} "
            f"({handout.seconds:.1f} s)",
            markup=False,
        )
        for page in handout.left_out:
            out.print(f"  left out {page.scene} beat {page.beat}: {page.left_out}", markup=False)


@cli.command("slides")
@click.argument("names", nargs=-1)
@quality_option
@preset_option
@set_option
@jobs_option
@click.option("--pptx", is_flag=True, help="Also write a PowerPoint file (videos embedded).")
@click.option(
    "--light-handout",
    is_flag=True,
    help="Also write a printable handout on a white background (each scene rendered again, "
    "at least 1920 px wide): build/slides/talk-QUALITY-light.pdf.",
)
@math_option
@voice_options
def slides_cmd(
    names: tuple[str, ...],
    quality: str,
    preset: str,
    settings: tuple[str, ...],
    jobs: int | None,
    pptx: bool,
    light_handout: bool,
    voice: VoiceChoice,
) -> None:
    """Slides of the named scenes (all if none), in talk order, for presenting offline.

    Writes build/slides/talk-QUALITY.html (one self-contained file: videos and reveal.js
    inside; arrow keys step through the beats, S opens the speaker notes, C shows the beat's
    caption; with --voice each slide plays its beat's narration) and a PDF handout
    beside it, one page per slide's last frame, a page the next one repeats left out; with
    --light-handout also that handout on white for print; with --pptx also a PowerPoint file. A
    subset of scenes is named after them, e.g. build/slides/cube-clt+how-big-preview.html.
    """
    deck, failures = _build_slides(
        names, quality, preset, jobs, pptx, settings, light_handout, voice
    )
    if deck is not None:
        _report_deck(deck)
    _fail_if(failures)


def _qt_binding() -> str | None:
    import importlib.util

    for name in ("PySide6", "PyQt6", "PySide2", "PyQt5"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


# Debian's X libraries that Qt's xcb platform plugin (how the presenter opens a window under X11)
# loads beyond those of any desktop: `ldd` of PySide6 6.12's libqxcb.so and libQt6XcbQpa.so.
QT_XCB_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 "
    "libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libfontconfig1"
)
# What the presenter's first step does: a Qt application, through the binding manim-slides uses.
_QT_PROBE = "from qtpy.QtWidgets import QApplication; QApplication(['hidim']).platformName()"


def _qt_problem() -> str | None:
    """Why Qt cannot open the presenter's window here (one line), or None when it can.

    Qt's own failure is a page of plugin diagnostics and an abort; the usual cause on Linux is
    the X libraries its xcb plugin needs (Qt 6.5 and later want libxcb-cursor0)."""
    import subprocess

    try:
        probe = subprocess.run(
            [sys.executable, "-c", _QT_PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "Qt did not start within 60 s, so the manim-slides presenter cannot either"
    if probe.returncode == 0:
        return None
    said = probe.stderr + probe.stdout
    if "xcb" in said and ("platform plugin" in said or "xcb-cursor" in said):
        return (
            "Qt cannot load its xcb platform plugin, so the manim-slides presenter cannot open a "
            f"window: install its X libraries (as root: apt-get install {QT_XCB_PACKAGES})"
        )
    lines = [ln.strip() for ln in said.splitlines() if ln.strip()]
    last = lines[-1] if lines else f"exit status {probe.returncode}"
    return f"the manim-slides presenter cannot start Qt ({last})"


def _has_display() -> bool:
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


@cli.command("present")
@click.argument("names", nargs=-1)
@quality_option
@click.option(
    "--browser/--no-browser",
    default=None,
    help="Open the HTML slides in a web browser [default: when there is a display].",
)
def present_cmd(names: tuple[str, ...], quality: str, browser: bool | None) -> None:
    """Present the slides (all scenes if none named; run `render.py slides` first).

    With a Qt binding installed (pip install 'manim-slides[pyside6]==5.7.0'), this starts the
    manim-slides presenter: right arrow or space for the next step, left arrow to go back.
    Without one, it opens the self-contained HTML slides in the web browser, or prints their
    path.
    """
    import subprocess

    from scenes.manifest import SCENES, get_scene
    from scenes.production.outputs import scene_slides_dir, slide_config_path
    from scenes.production.slides import deck_path, talk_order

    specs = talk_order([get_scene(n) for n in names] if names else list(SCENES))
    hint = " ".join(["render.py slides", *names, "--quality", quality])
    missing = [s.name for s in specs if not slide_config_path(s, quality).exists()]
    if missing:
        raise UserError(f"no {quality} slides for {', '.join(missing)}: run `{hint}`")
    binding = _qt_binding()
    qt_ready = binding is not None and _has_display()
    qt_problem = _qt_problem() if qt_ready else None
    if qt_ready and qt_problem is None:
        cmd = [sys.executable, "-m", "manim_slides", "present", "--folder"]
        cmd += [str(scene_slides_dir(quality)), *(s.cls for s in specs)]
        out.print(f"presenting {len(specs)} scene(s) with manim-slides ({binding})")
        click.get_current_context().exit(subprocess.run(cmd, check=False).returncode)
    html = deck_path(specs, quality)
    if not html.exists():
        raise UserError(f"{html} does not exist: run `{hint}`")
    if qt_problem is not None:
        why = qt_problem
    elif binding is None:
        why = (
            "no Qt binding for the manim-slides presenter "
            "(pip install 'manim-slides[pyside6]==5.7.0')"
        )
    else:
        why = "no display for the manim-slides presenter"
    if browser if browser is not None else _has_display():
        import webbrowser

        if webbrowser.open(html.resolve().as_uri()):
            out.print(f"{why}; opened the HTML slides in the browser: {html}", markup=False)
            return
    out.print(f"{why}; open the HTML slides in a web browser (works offline): {html}", markup=False)


@cli.command("gallery")
def gallery_cmd() -> None:
    """Write build/index.html: every rendered video, figure and slide deck on one offline page."""
    from scenes.production.gallery import write_gallery

    out.print(f"wrote {write_gallery()}")


# --- everything --------------------------------------------------------------------------------


@cli.command("all")
@preset_option
@set_option
@quality_option
@jobs_option
@executor_options
@math_option
@voice_options
def all_cmd(
    preset: str,
    settings: tuple[str, ...],
    quality: str,
    jobs: int | None,
    executor: str,
    workers: int | None,
    scheduler: str | None,
    voice: VoiceChoice,
) -> None:
    """The main job: experiments -> figures -> scenes -> slides -> the gallery page."""
    from experiments.core.registry import all_experiments
    from figures import all_figures
    from scenes.manifest import SCENES

    runner = make_executor(executor, workers, scheduler)
    names = [e.name for e in all_experiments()]
    for r in _run_experiments(names, preset, settings, "auto", False, runner):
        out.print(f"result {r.name} -> {r.path}")
    # every --set item belongs to some experiment; each stage takes those of what it reads
    figure_needs = [e for f in all_figures() for e in f.needs]
    for path in _build_figures((), preset, _settings_held(figure_needs, settings)):
        out.print(f"figure -> {path}")
    scene_needs = [e for s in SCENES for e in s.needs]
    held = _settings_held(scene_needs, settings)
    deck, failures = _build_slides((), quality, preset, jobs, False, held, voice=voice)
    if deck is not None:
        _report_deck(deck)
    from scenes.production.gallery import write_gallery

    out.print(f"gallery -> {write_gallery()}")
    _fail_if(failures)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors exit 2, runtime failures 1, each with one line on stderr."""
    try:
        rv = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="hidim" if Path(sys.argv[0]).name == "hidim" else "render.py",
            standalone_mode=False,
        )
        return rv if isinstance(rv, int) else 0
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        err_console.print("aborted")
        return 1
    except UserError as exc:
        err_console.print(f"error: {exc}", soft_wrap=True, markup=False)
        return 2
    except MissingToolError as exc:
        err_console.print(f"error: {exc}", soft_wrap=True, markup=False)
        return 1
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except (
        SceneFailuresError
    ) as exc:  # every other scene was done: name each failure, one line each
        for failure in exc.failures:
            if os.environ.get(DEBUG_ENV):
                traceback.print_exception(failure.error)
            err_console.print(f"error: {failure.line}", soft_wrap=True, markup=False)
        return 1
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        err_console.print(
            f"error: {exc.__class__.__name__}: {exc} (set HIDIM_DEBUG=1 for a traceback)",
            soft_wrap=True,
            markup=False,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
