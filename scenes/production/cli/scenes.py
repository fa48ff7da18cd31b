"""The ``scenes`` commands: render chapters' videos (and previews from a beat), watch a chapter
while you edit it, its script, contact sheets, and the chapter rules."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import cloup

from experiments.core import paths
from experiments.core.cli import (
    err_console,
    out,
    overrides_by_experiment,
    preset_option,
    progress,
    run_experiments,
    set_option,
)
from experiments.core.errors import UserError
from experiments.core.registry import get_experiment
from scenes.production.cli.options import (
    VOICE_OPTIONS,
    VoiceChoice,
    announce_math,
    jobs_option,
    math_option,
    quality_option,
)
from scenes.production.parallel import SceneFailure, SceneFailuresError

if TYPE_CHECKING:
    from scenes.kit.chapter import Chapter
    from scenes.production.parallel import Outcome
    from scenes.production.runner import RenderedScene


def fail_if(failures: Sequence[SceneFailure]) -> None:
    """End the command with every scene that failed (each in one line), once all else is done."""
    if failures:
        raise SceneFailuresError(failures)


def render_scenes(
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
    per = overrides_by_experiment(needed, settings)
    configs = {n: get_experiment(n).config(preset, per[n]) for n in needed}
    for spec in specs:  # a scene that cannot show these configurations says so before any work
        spec.require(configs)
    if voice.voice == "tts" or voice.model is not None:
        speech_engine(voice.model)  # the engine is there, before any render
    announce_math()
    run_experiments(needed, preset, settings, "auto", False)

    def prepare(spec: Chapter) -> Callable[[], RenderedScene]:
        overrides = {e: per[e] for e in spec.needs}
        return prepare_render(
            spec, quality, preset, force, overrides, voice.voice, voice.model, voice.burn
        )

    with progress() as bars:
        task = bars.add_task(f"scenes ({quality})", total=len(specs))
        return each_scene(specs, prepare, jobs, done=lambda _: bars.advance(task))


def report_scenes(rendered: Sequence[RenderedScene]) -> None:
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


@cloup.group()
def scenes() -> None:
    """Render Manim scenes to videos with a poster frame."""


@scenes.command("render")
@click.argument("names", nargs=-1)
@cloup.option_group(
    "What to render",
    quality_option,
    jobs_option,
    click.option("--force", is_flag=True, help="Render from scratch, even if nothing changed."),
    math_option,
)
@cloup.option_group("Experiments the scenes read", preset_option, set_option)
@cloup.option_group(
    "A preview from one beat",
    click.option(
        "--from-beat",
        metavar="K",
        default=None,
        help="Preview one scene from beat K (its number from 1 or its id, as in `scenes "
        "script`) to the end: build/videos/QUALITY/previews/NAME.from-KK.mp4; the video is not "
        "touched.",
    ),
    click.option(
        "--frame",
        is_flag=True,
        help="With --from-beat: only the last frame of that beat, as a PNG (the fastest look).",
    ),
)
@cloup.option_group("Narration", *VOICE_OPTIONS)
def scenes_render(
    names: tuple[str, ...],
    quality: str,
    jobs: int | None,
    force: bool,
    preset: str,
    settings: tuple[str, ...],
    from_beat: str | None,
    frame: bool,
    voice: str,
    voice_model: Path | None,
    burn_captions: bool,
) -> None:
    """Render the named scenes (all if none) into build/videos/QUALITY/: NAME.mp4, its poster
    NAME.png, its captions NAME.vtt and NAME.srt, NAME.beats.json (each beat's time and
    narration) and NAME.stamp.json (what it was made of: a scene is rendered again only when
    one of those changed).

    --set changes the experiments the scenes read, e.g. --set dims=3,10,100 for ball-slicing.
    """
    narration = VoiceChoice(voice, voice_model, burn_captions)
    if frame and from_beat is None:
        raise UserError("--frame needs --from-beat K (the beat whose last frame to write)")
    if from_beat is not None:
        if len(names) != 1:
            raise UserError("--from-beat previews one scene: name it")
        if narration.voice != "none" or narration.burn:
            raise UserError("--from-beat previews are silent: no --voice, no --burn-captions")
        preview(names[0], from_beat, frame, quality, preset, settings)
        return
    outcome = render_scenes(names, quality, preset, jobs, force, settings, narration)
    report_scenes([r for _, r in outcome.done])
    fail_if(outcome.failures)


def ready_scene(
    name: str, preset: str, settings: Sequence[str]
) -> tuple[Chapter, dict[str, dict[str, Any]]]:
    """Scene ``name`` and its experiments' --set values, once they are known to be good (one
    line otherwise), the maths backend said and the results it reads computed."""
    from scenes.manifest import get_scene

    spec = get_scene(name)
    per = overrides_by_experiment(list(spec.needs), settings)
    spec.require({n: get_experiment(n).config(preset, per[n]) for n in spec.needs})
    announce_math()
    run_experiments(list(spec.needs), preset, settings, "auto", False)
    return spec, per


def preview(
    name: str, beat: str, frame: bool, quality: str, preset: str, settings: Sequence[str]
) -> None:
    from scenes.production.runner import preview_scene

    spec, per = ready_scene(name, preset, settings)
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
    spec, per = ready_scene(name, preset, settings)

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
    per = overrides_by_experiment(needed, settings)
    configs = {n: get_experiment(n).config(preset, per[n]) for n in needed}
    for spec in specs:
        spec.require(configs)
    announce_math()
    run_experiments(needed, preset, settings, "auto", False)
    text = script_markdown(talk_beats(specs, preset, per, jobs))
    if output is None:
        click.echo(text)
    else:
        atomic_write_text(output, text)
        err_console.print(f"script -> {output}", markup=False)


@scenes.command("profile")
@click.argument("name")
@quality_option
@math_option
@preset_option
@set_option
def scenes_profile(name: str, quality: str, preset: str, settings: tuple[str, ...]) -> None:
    """Render scene NAME from scratch (video and slides) and say where the time went: the main
    thread's wall time per stage (drawing frames, updaters, become(), readouts, typesetting,
    animations, the video, the slides, the scene's own code...), the CPU time of Manim's encoder
    thread, the lines of the scene's code the time was spent under, and the hottest functions.
    Written to build/profiles/NAME/: the summary (JSON) and the samples folded for a flame graph
    (speedscope.app, flamegraph.pl). The scene's own video, slides and cache are not touched."""
    from scenes.production.profiling import profile_scene

    spec, per = ready_scene(name, preset, settings)
    p = profile_scene(spec, quality, preset, {e: per[e] for e in spec.needs})
    per_second = f", {p.wall / p.video:.2f} s per second of it" if p.video else ""
    out.print(
        f"{p.name} at {quality}: rendered in {p.wall:.1f} s ({p.video:.1f} s of video"
        f"{per_second}); where the main thread's time went:",
        markup=False,
    )
    total = p.sampled or 1.0
    for label, seconds in sorted(p.stages.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.05:
            out.print(f"  {seconds:7.1f} s {100 * seconds / total:4.0f} %  {label}", markup=False)
    out.print(
        f"CPU: {p.cpu:.1f} s in all, {p.main_cpu:.1f} s in the main thread, "
        f"{p.cpu - p.main_cpu:.1f} s in the others (Manim's video encoder)",
        markup=False,
    )
    if p.lines:
        out.print(
            "lines of the scene's code, by the time spent under them (and the stage most of it "
            "went to):",
            markup=False,
        )
        for where, seconds, stage in p.lines[:8]:
            out.print(f"  {seconds:7.1f} s  {where}: {stage}", markup=False)
    out.print("hottest functions (time as the innermost frame):", markup=False)
    for where, seconds in p.hot[:8]:
        out.print(f"  {seconds:7.1f} s  {where}", markup=False)
    out.print(f"flame graph (the main thread's stacks, folded) -> {p.stacks}", markup=False)
    out.print(f"summary -> {p.report}", markup=False)


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


@scenes.command("check")
@click.argument("names", nargs=-1)
@preset_option
@jobs_option
@click.option(
    "--craft",
    is_flag=True,
    help="Also render each scene small and check the craft rules at every beat: text readable "
    "at 480p, inside the title-safe area, no empty frame mid-scene (about a minute a scene).",
)
@math_option
def scenes_check(names: tuple[str, ...], preset: str, jobs: int | None, craft: bool) -> None:
    """Check the named chapters (all if none) against the rules every chapter meets: its
    declaration (title, caption, scene class, experiments, figures), a citation of the science
    it shows, at least three beats each with speaker notes, and with --craft the craft rules.
    One line per problem, saying how to fix it; exit status 1 if any."""
    from scenes.manifest import SCENES, get_scene
    from scenes.production.rules import beat_problems, declaration_problems, talk_problems
    from scenes.production.script import talk_beats

    specs = [get_scene(n) for n in names] if names else list(SCENES)
    problems = {spec.name: declaration_problems(spec) for spec in specs}
    across = talk_problems(SCENES)
    for problem in across:
        out.print(f"talk: {problem}", markup=False)
    runnable = [s for s in specs if not problems[s.name]]
    if runnable:
        needed = list(dict.fromkeys(e for s in runnable for e in s.needs))
        announce_math()
        run_experiments(needed, preset, ())
        for spec, beats in talk_beats(runnable, preset, {}, jobs):
            problems[spec.name] += beat_problems(spec, beats)
    if craft:
        problems = _craft_problems([s for s in runnable if not problems[s.name]], problems)
    failed = bool(across)
    for spec in specs:
        for problem in problems[spec.name]:
            out.print(f"{spec.name}: {problem}", markup=False)
            failed = True
        if not problems[spec.name]:
            checked = "declaration, citation, beats" + (", craft" if craft else "")
            out.print(f"{spec.name}: ok ({checked})", markup=False)
    if failed:
        click.get_current_context().exit(1)


def _craft_problems(
    specs: Sequence[Chapter], problems: dict[str, list[str]]
) -> dict[str, list[str]]:
    """The craft rules at every beat and on every frame of each of ``specs`` (in this process,
    one after the other)."""
    import tempfile

    from scenes.production.craft import inspect_scene

    for spec in specs:
        with tempfile.TemporaryDirectory() as media:
            report = inspect_scene(spec.module, spec.cls, Path(media))
        problems[spec.name] += report.problems()
    return problems
