"""Benchmark: batched training of a whole sweep against the one-network-at-a-time reference.

    .venv/bin/python -m experiments.benchmark                       # quick preset, CPU
    .venv/bin/python -m experiments.benchmark --preset gpu --device cuda

Both paths train the same networks (see ``experiments.numerics.nets.train_sweep``); the benchmark
times only training (plain full-batch Adam, as in the ``trained`` model), checks the two give the
same training losses, and writes the figures to
``build/benchmarks/training-<preset>-<device>.json``.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass

import click
import numpy as np
import torch

from experiments.core import paths
from experiments.core.fileio import atomic_write_text
from experiments.core.registry import resolve_device
from experiments.numerics.nets import TrainSettings, train_sweep
from experiments.topics.robustness import make_dataset, widths_for


@dataclass(frozen=True)
class BenchPreset:
    ns: tuple[int, ...]
    ds: tuple[int, ...]
    p_over_n: tuple[float, ...]
    seeds: int
    steps: int
    reference_cells: int  # how many (n, d) cells the slow reference loop also runs


PRESETS = {
    # The quick preset of smoothness-curve: n = 200, d = 20, 8 widths, 2 seeds.
    "quick": BenchPreset((200,), (20,), (0.25, 0.5, 1, 2, 5, 10, 20, 40), 2, 2000, 1),
    # The GPU goal: n in {500..4000} x d in {10, 30, 100} x p/n in {1, 2, ..., 128}, 4000 steps.
    "gpu": BenchPreset(
        (500, 1000, 2000, 4000), (10, 30, 100), tuple(float(2**k) for k in range(8)), 1, 4000, 12
    ),
}


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def time_cell(
    n: int, d: int, preset: BenchPreset, device: str, batched: bool
) -> tuple[float, np.ndarray]:
    """Train every width and seed of one (n, d) cell; return (seconds, final training MSEs)."""
    seeds = list(range(preset.seeds))
    data = [make_dataset("sphere", n, d, 1, "noise", 1.0, s) for s in seeds]
    x = torch.tensor(np.stack([ds.x for ds in data]), dtype=torch.float32, device=device)
    y = torch.tensor(np.stack([ds.y for ds in data]), dtype=torch.float32, device=device)
    widths = widths_for("trained", preset.p_over_n, n, d)
    settings = TrainSettings(steps=preset.steps, lr=0.01)
    _sync(device)
    start = time.perf_counter()
    net = train_sweep(widths, seeds, x, y, settings, batched=batched)
    _sync(device)
    seconds = time.perf_counter() - start
    with torch.no_grad():
        mse = ((net.forward(x) - y[..., None]) ** 2).mean(dim=1)
    return seconds, mse.cpu().numpy()


@click.command()
@click.option("--preset", type=click.Choice(sorted(PRESETS)), default="quick", show_default=True)
@click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="cpu", show_default=True
)
@click.option("--skip-reference", is_flag=True, help="Time only the batched path.")
def main(preset: str, device: str, skip_reference: bool) -> None:
    """Time batched against one-at-a-time training and write the figures as JSON."""
    dev = resolve_device(device)
    cfg = PRESETS[preset]
    cells = [(n, d) for n in cfg.ns for d in cfg.ds]
    rows = []
    batched_total = reference_total = 0.0
    for i, (n, d) in enumerate(cells):
        t_batched, mse_b = time_cell(n, d, cfg, dev, batched=True)
        batched_total += t_batched
        row = {"n": n, "d": d, "batched_s": round(t_batched, 3)}
        if not skip_reference and i < cfg.reference_cells:
            t_ref, mse_r = time_cell(n, d, cfg, dev, batched=False)
            reference_total += t_ref
            row["reference_s"] = round(t_ref, 3)
            row["max_mse_difference"] = float(np.max(np.abs(mse_b - mse_r)))
        rows.append(row)
        click.echo(
            f"n={n:5d} d={d:4d}: batched {t_batched:8.2f} s"
            + (
                f", reference {row['reference_s']:8.2f} s ({row['reference_s'] / t_batched:.1f}x)"
                if "reference_s" in row
                else ""
            )
        )
    compared = [r for r in rows if "reference_s" in r]
    summary = {
        "preset": preset,
        "device": dev,
        "device_name": torch.cuda.get_device_name() if dev == "cuda" else platform.processor(),
        "torch_threads": torch.get_num_threads(),
        "steps": cfg.steps,
        "networks_per_cell": len(cfg.p_over_n) * cfg.seeds,
        "batched_total_s": round(batched_total, 3),
        "cells": rows,
    }
    if compared:
        b = sum(r["batched_s"] for r in compared)
        summary["speedup_on_compared_cells"] = round(reference_total / b, 2)
        click.echo(f"speed-up on the cells timed both ways: {reference_total / b:.1f}x")
    click.echo(f"batched total: {batched_total:.2f} s for {len(cells)} cells")
    out = paths.build_dir() / "benchmarks" / f"training-{preset}-{dev}.json"
    atomic_write_text(out, json.dumps(summary, indent=2))
    click.echo(f"wrote {out}")


if __name__ == "__main__":
    main()
