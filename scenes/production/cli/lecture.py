"""The lecture commands: the slides and their handout, presenting them, and the gallery page."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
import cloup

from experiments.core.cli import out, overrides_by_experiment, preset_option, set_option
from experiments.core.errors import UserError
from scenes.production.cli.options import (
    VOICE_OPTIONS,
    VoiceChoice,
    jobs_option,
    math_option,
    quality_option,
)
from scenes.production.cli.scenes import fail_if, render_scenes, report_scenes

if TYPE_CHECKING:
    from scenes.production.parallel import SceneFailure
    from scenes.production.print_handout import PrintHandout
    from scenes.production.slides import SlideDeck


def build_slides(
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
    from scenes.production.slides import build_slides as join_slides

    outcome = render_scenes(names, quality, preset, jobs, False, settings, voice)
    report_scenes([r for _, r in outcome.done])
    specs = [spec for spec, _ in outcome.done]
    if not specs:
        return None, outcome.failures
    per = overrides_by_experiment(list(dict.fromkeys(e for s in specs for e in s.needs)), settings)
    deck = join_slides(
        specs, quality, pptx=pptx, light=light, preset=preset, overrides=per, jobs=jobs
    )
    return deck, outcome.failures


def report_deck(deck: SlideDeck) -> None:
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


def build_print_handout(
    names: Sequence[str],
    quality: str,
    preset: str,
    jobs: int | None,
    settings: Sequence[str] = (),
) -> tuple[PrintHandout | None, list[SceneFailure]]:
    """The print handout of the named scenes (all if none) from their light frames (rendered
    again only where a scene or its results changed) and the figures build; the scenes that
    could not be rendered on white come back for the caller to name."""
    from scenes.manifest import SCENES, get_scene
    from scenes.production.print_handout import build_print_handout as build

    specs = [get_scene(n) for n in names] if names else list(SCENES)
    per = overrides_by_experiment(list(dict.fromkeys(e for s in specs for e in s.needs)), settings)
    return build(specs, quality, preset, per, jobs)


def report_print_handout(handout: PrintHandout) -> None:
    """One line: where the print handout is and its pages; then what it lacks, a line each."""
    left = f", {len(handout.left_out)} near-duplicate frames left out" if handout.left_out else ""
    out.print(
        f"print handout: {handout.pages} pages, {handout.frames} frames for {handout.beats} beats"
        f"{left}, {len(handout.figures)} figures -> {handout.pdf} ({handout.seconds:.1f} s)",
        markup=False,
        soft_wrap=True,  # one line, however narrow the terminal
    )
    for figure in handout.missing_figures:
        out.print(
            f"  figure '{figure.name}' is not in the handout: it is not built "
            f"(render.py figures build {figure.name})",
            markup=False,
            soft_wrap=True,
        )


@cloup.command("slides")
@click.argument("names", nargs=-1)
@cloup.option_group(
    "What to write",
    quality_option,
    click.option("--pptx", is_flag=True, help="Also write a PowerPoint file (videos embedded)."),
    click.option(
        "--light-handout",
        is_flag=True,
        help="Also write a printable handout on a white background (each scene rendered again, "
        "at least 1920 px wide): build/slides/talk-QUALITY-light.pdf.",
    ),
    click.option(
        "--print-handout",
        is_flag=True,
        help="Also write the handout to study from, on A4: each chapter's beats on white with "
        "their narration, then its paper figures (from build/figures/): "
        "build/slides/talk-QUALITY-print.pdf.",
    ),
)
@cloup.option_group("Rendering", jobs_option, math_option, preset_option, set_option)
@cloup.option_group("Narration", *VOICE_OPTIONS)
def slides_cmd(
    names: tuple[str, ...],
    quality: str,
    pptx: bool,
    light_handout: bool,
    print_handout: bool,
    jobs: int | None,
    preset: str,
    settings: tuple[str, ...],
    voice: str,
    voice_model: Path | None,
    burn_captions: bool,
) -> None:
    """Slides of the named scenes (all if none), in talk order, for presenting offline.

    Writes build/slides/talk-QUALITY.html (one self-contained file: videos and reveal.js
    inside; arrow keys step through the beats, S opens the speaker notes, C shows the beat's
    caption; with --voice each slide plays its beat's narration) and a PDF handout
    beside it, one page per slide's last frame, a page the next one repeats left out; with
    --light-handout also that handout on white; with --print-handout the handout to study from
    (A4: several beats to a page with their narration, each chapter's paper figures); with --pptx
    also a PowerPoint file. A subset of scenes is named after them, e.g.
    build/slides/cube-clt+how-big-preview.html.
    """
    narration = VoiceChoice(voice, voice_model, burn_captions)
    deck, failures = build_slides(
        names, quality, preset, jobs, pptx, settings, light_handout, narration
    )
    if deck is not None:
        report_deck(deck)
        if print_handout:
            handout, light_failures = build_print_handout(
                deck.scenes, quality, preset, jobs, settings
            )
            if handout is not None:
                report_print_handout(handout)
            failures += light_failures
    fail_if(failures)


def qt_binding() -> str | None:
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
QT_PROBE = "from qtpy.QtWidgets import QApplication; QApplication(['hidim']).platformName()"


def qt_problem() -> str | None:
    """Why Qt cannot open the presenter's window here (one line), or None when it can.

    Qt's own failure is a page of plugin diagnostics and an abort; the usual cause on Linux is
    the X libraries its xcb plugin needs (Qt 6.5 and later want libxcb-cursor0)."""
    import subprocess

    try:
        probe = subprocess.run(
            [sys.executable, "-c", QT_PROBE],
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


def has_display() -> bool:
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


@cloup.command("present")
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
    binding = qt_binding()
    qt_ready = binding is not None and has_display()
    problem = qt_problem() if qt_ready else None
    if qt_ready and problem is None:
        cmd = [sys.executable, "-m", "manim_slides", "present", "--folder"]
        cmd += [str(scene_slides_dir(quality)), *(s.cls for s in specs)]
        out.print(f"presenting {len(specs)} scene(s) with manim-slides ({binding})")
        click.get_current_context().exit(subprocess.run(cmd, check=False).returncode)
    html = deck_path(specs, quality)
    if not html.exists():
        raise UserError(f"{html} does not exist: run `{hint}`")
    if problem is not None:
        why = problem
    elif binding is None:
        why = (
            "no Qt binding for the manim-slides presenter "
            "(pip install 'manim-slides[pyside6]==5.7.0')"
        )
    else:
        why = "no display for the manim-slides presenter"
    if browser if browser is not None else has_display():
        import webbrowser

        if webbrowser.open(html.resolve().as_uri()):
            out.print(f"{why}; opened the HTML slides in the browser: {html}", markup=False)
            return
    out.print(f"{why}; open the HTML slides in a web browser (works offline): {html}", markup=False)


@cloup.command("gallery")
@preset_option
@set_option
def gallery_cmd(preset: str, settings: tuple[str, ...]) -> None:
    """Write the chapters' explorables (build/explorables/, from the results at --preset with
    --set values, computed on a miss) and build/index.html: every rendered video, figure,
    explorable and slide deck on one offline page."""
    from scenes.production.explorables import write_explorables
    from scenes.production.gallery import write_gallery

    for path in write_explorables(None, preset, settings):
        out.print(f"wrote {path}", markup=False)
    out.print(f"wrote {write_gallery()}")
