"""What every group of the command line shares: the consoles, progress bars, the options that
choose experiment settings (``--preset``, ``--set``, ``--executor``) and running experiments
through the result store. Each package's own commands live beside it (``experiments.cli``,
``figures.cli``, ``scenes.production.cli``); ``render.py`` only puts them together."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from experiments.core.config import PRESET_NAMES, parse_set_options
from experiments.core.errors import unknown_name
from experiments.core.registry import RunContext, get_experiment
from experiments.core.store import Result, ResultStore
from experiments.core.sweep import EXECUTORS, Executor, LocalExecutor

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
executor_option = click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="local",
    show_default=True,
    help="Where the cells of a sweep run: here, one after the other, or on Dask distributed.",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="--executor dask: start a local cluster of N worker processes (one cell each).",
)
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="--executor dask: use the running cluster whose scheduler is at ADDRESS "
    "(tcp://host:8786).",
)
EXECUTOR_OPTIONS = (executor_option, workers_option, scheduler_option)


def progress() -> Progress:
    """Progress bars on stderr; live only on a terminal (in logs and pipes they would leave
    stray blank lines)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def tracker(bars: Progress) -> Callable[..., Iterator[Any]]:
    """``track(iterable, description, total)``: the iterable, with a bar of its own in ``bars``."""

    def track(
        iterable: Iterable[Any], description: str = "", total: int | None = None
    ) -> Iterator[Any]:
        if total is None and hasattr(iterable, "__len__"):
            total = len(iterable)  # type: ignore[arg-type]
        task = bars.add_task(description, total=total)
        for item in iterable:
            yield item
            bars.advance(task)
        bars.remove_task(task)

    return track


def overrides_by_experiment(
    names: Sequence[str], settings: Sequence[str]
) -> dict[str, dict[str, str]]:
    """Split ``--set`` values between experiments: each key goes to those that have it (one
    line naming the known settings if none has it)."""
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


def settings_held(names: Sequence[str], settings: Sequence[str]) -> tuple[str, ...]:
    """The ``--set`` items whose key one of the experiments ``names`` has (already validated)."""
    keys = {k for n in names for k in get_experiment(n).config_cls.setting_names()}
    return tuple(item for item in settings if item.partition("=")[0].strip() in keys)


def run_experiments(
    names: Sequence[str],
    preset: str,
    settings: Sequence[str],
    device: str = "auto",
    force: bool = False,
    executor: Executor | None = None,
) -> list[Result]:
    """The results of ``names`` at ``preset`` with ``--set`` values: read from the store, or
    computed (all of them when ``force``), with progress bars; every config checked first."""
    names = list(dict.fromkeys(names))
    per = overrides_by_experiment(names, settings)
    configs = {n: get_experiment(n).config(preset, per[n]) for n in names}  # validate all first
    if device == "cuda" and any(get_experiment(n).uses_device for n in names):
        # no GPU where the cells run: say so now, even if the results are already stored
        (executor or LocalExecutor()).check_device(device)
    store = ResultStore(warn=lambda msg: err_console.print(f"[yellow]warning:[/] {msg}"))
    results = []
    with progress() as bars:
        ctx = RunContext(track=tracker(bars))
        for n in names:
            exp = get_experiment(n)
            results.append(
                store.get(exp, configs[n], device=device, force=force, ctx=ctx, executor=executor)
            )
    return results
