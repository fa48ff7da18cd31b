"""The ``experiments`` commands: run experiments, see how far a sweep is, export a result, show
an experiment's settings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
import cloup
import numpy as np

from experiments.core.cli import (
    EXECUTOR_OPTIONS,
    out,
    overrides_by_experiment,
    preset_option,
    run_experiments,
    set_option,
)
from experiments.core.registry import get_experiment
from experiments.core.store import DamagedEntryError, ResultStore
from experiments.core.sweep import make_executor


@cloup.group()
def experiments() -> None:
    """Run experiments and export their results."""


@experiments.command("run")
@click.argument("names", nargs=-1, required=True)
@cloup.option_group("Settings", preset_option, set_option)
@cloup.option_group(
    "Where it runs",
    click.option(
        "--device",
        type=click.Choice(["auto", "cpu", "cuda"]),
        default="auto",
        show_default=True,
        help="Where torch experiments run.",
    ),
    *EXECUTOR_OPTIONS,
)
@click.option("--force", is_flag=True, help="Recompute even if a stored result (or cell) exists.")
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
    for r in run_experiments(names, preset, settings, device, force, runner):
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
    per = overrides_by_experiment(names, settings)
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

    (result,) = run_experiments([name], preset, settings, "auto", False)
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
