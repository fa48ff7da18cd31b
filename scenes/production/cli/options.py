"""Options the scene and lecture commands share: quality, jobs, the maths backend, the voice."""

from __future__ import annotations

import os
from pathlib import Path

import click

from experiments.core.cli import err_console
from experiments.core.errors import UserError

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


def announce_math() -> None:
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


def _voice_names() -> tuple[str, ...]:
    from scenes.kit.voice import VOICES

    return VOICES


VOICE_OPTIONS = (
    click.option(
        "--voice",
        type=click.Choice(_voice_names()),
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
)


class VoiceChoice:
    """What --voice, --voice-model and --burn-captions asked for."""

    def __init__(self, voice: str = "none", model: Path | None = None, burn: bool = False) -> None:
        if model is not None and voice == "none":
            raise UserError("--voice-model needs --voice tts or --voice recorded")
        self.voice, self.model, self.burn = voice, model, burn
