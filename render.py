#!/usr/bin/env python3
"""hidim: run experiments, build paper figures and render lecture videos.

The one command-line entry (``python render.py``, or ``hidim`` once installed). It only puts
together the commands each package declares beside its code (``experiments.cli``,
``figures.cli``, ``scenes.production.cli``) and turns errors into one line and an exit status;
every file they write goes under ``build/``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import click
import cloup

from assets.env import DEBUG_ENV
from experiments.cli import experiments
from experiments.core.cli import (
    EXECUTOR_OPTIONS,
    err_console,
    out,
    preset_option,
    run_experiments,
    set_option,
    settings_held,
)
from experiments.core.errors import MissingToolError, UserError
from experiments.core.sweep import make_executor
from figures.cli import build_figures, figures
from scenes.production.cli.lecture import (
    build_print_handout,
    build_slides,
    gallery_cmd,
    present_cmd,
    report_deck,
    report_print_handout,
    slides_cmd,
)
from scenes.production.cli.new import new
from scenes.production.cli.options import (
    VOICE_OPTIONS,
    VoiceChoice,
    jobs_option,
    math_option,
    quality_option,
)
from scenes.production.cli.scenes import fail_if, scenes
from scenes.production.parallel import SceneFailuresError


@cloup.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """Experiments, paper figures and lecture videos on high-dimensional probability.

    Everything generated goes under build/ (results/, figures/, videos/, slides/, index.html).
    """


@cli.command("list")
def list_cmd() -> None:
    """List every experiment, figure and chapter, one line each."""
    from experiments.core.registry import all_experiments
    from figures import all_figures
    from scenes.manifest import SCENES

    for heading, rows in (
        ("experiments", [(e.name, e.description) for e in all_experiments()]),
        ("figures", [(f.name, f.description) for f in all_figures()]),
        ("chapters (scenes), in talk order", [(s.name, s.title) for s in SCENES]),
    ):
        out.print(f"[bold]{heading}[/]")
        width = max(len(n) for n, _ in rows)
        for name, description in rows:
            out.print(f"  {name:<{width}}  {description}", soft_wrap=True, markup=False)


@cli.command("all")
@cloup.option_group("Experiments", preset_option, set_option, *EXECUTOR_OPTIONS)
@cloup.option_group("Scenes and slides", quality_option, jobs_option, math_option)
@cloup.option_group("Narration", *VOICE_OPTIONS)
def all_cmd(
    preset: str,
    settings: tuple[str, ...],
    executor: str,
    workers: int | None,
    scheduler: str | None,
    quality: str,
    jobs: int | None,
    voice: str,
    voice_model: Path | None,
    burn_captions: bool,
) -> None:
    """The main job: experiments -> figures -> scenes -> slides and the print handout -> the
    chapters' explorables and the gallery page.

    A scene that fails does not stop the others: the slides, the handouts and the gallery are
    built of the rest, then each failure is named and the exit status is 1."""
    from experiments.core.registry import all_experiments
    from figures import all_figures
    from scenes.manifest import SCENES

    narration = VoiceChoice(voice, voice_model, burn_captions)
    runner = make_executor(executor, workers, scheduler)
    names = [e.name for e in all_experiments()]
    for r in run_experiments(names, preset, settings, "auto", False, runner):
        out.print(f"result {r.name} -> {r.path}", markup=False)
    # every --set item belongs to some experiment; each stage takes those of what it reads
    figure_needs = [e for f in all_figures() for e in f.needs]
    for path in build_figures((), preset, settings_held(figure_needs, settings)):
        out.print(f"figure -> {path}", markup=False)
    held = settings_held([e for s in SCENES for e in s.needs], settings)
    deck, failures = build_slides((), quality, preset, jobs, False, held, voice=narration)
    if deck is not None:
        report_deck(deck)
        # the handout to study from: the slides' scenes on white, with the figures just built
        handout, light_failures = build_print_handout(deck.scenes, quality, preset, jobs, held)
        if handout is not None:
            report_print_handout(handout)
        failures += light_failures
    from scenes.production.explorables import write_explorables
    from scenes.production.gallery import write_gallery

    for path in write_explorables(None, preset, held):
        out.print(f"explorable -> {path}", markup=False)
    out.print(f"gallery -> {write_gallery()}", markup=False)
    fail_if(failures)


for command in (experiments, figures, scenes, slides_cmd, present_cmd, gallery_cmd, new):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors exit 2, runtime failures 1, each with one line on stderr."""
    debug = bool(os.environ.get(DEBUG_ENV))
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
    except (UserError, MissingToolError) as exc:
        err_console.print(f"error: {exc}", soft_wrap=True, markup=False)
        return 2 if isinstance(exc, UserError) else 1
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except SceneFailuresError as exc:  # every other scene was done: name each failure, one line
        for failure in exc.failures:
            if debug:
                traceback.print_exception(failure.error)
            err_console.print(f"error: {failure.line}", soft_wrap=True, markup=False)
        return 1
    except Exception as exc:
        if debug:
            raise
        err_console.print(
            f"error: {exc.__class__.__name__}: {exc} (set HIDIM_DEBUG=1 for a traceback)",
            soft_wrap=True,
            markup=False,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
