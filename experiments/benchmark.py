"""Benchmark: the training step by torch's autograd against the hand-written gradient, on cells of
the paper presets' real sizes; and batched training against the one-network-at-a-time loop.

    make bench                                            # CPU, one torch thread per cell
    .venv/bin/python -m experiments.benchmark --device cuda  # the same script on a GPU

Each case times one penalised (or plain) step's loss and gradient both ways, after a warm-up
step, as the median of ``--reps`` steps, and reports the ratio, the hand path's rate in GFLOP/s
(the floating-point operations a step needs, not counting padding or anything autograd adds) and
that rate as a fraction of the device's float32 matrix-product peak, measured first in the same
process. A cell computes with one torch thread, so on a CPU the benchmark does too. Both paths
compute the same gradient (checked here on every case, and in float64 by the tests). Writes
``build/benchmarks/training-<device>.json``.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import numpy as np
import torch

from experiments.core import paths
from experiments.core.fileio import atomic_write_text
from experiments.core.registry import resolve_device
from experiments.core.sweep import apply_allocator_settings
from experiments.numerics import nets
from experiments.numerics.nets import TrainSettings, init_batch, random_sphere, train_sweep
from experiments.topics.robustness import (
    LawScalingConfig,
    SmoothnessConfig,
    make_dataset,
    widths_for,
)


@dataclass(frozen=True)
class StepCase:
    """One training step of a real cell: S data sets, every width of the preset's p/n grid."""

    name: str
    n: int
    d: int
    seeds: int
    p_over_n: tuple[float, ...]
    penalised: bool = True
    activation: str = "relu"
    penalty_points: int = 256


LAW_P_OVER_N = tuple(LawScalingConfig.PRESETS["paper"]["p_over_n"])
SMOOTHNESS_P_OVER_N = tuple(SmoothnessConfig.PRESETS["paper"]["p_over_n"])

CASES = (
    # law-scaling --preset paper: a cell is one seed; n = 1000, d = 10 is the heaviest (63 % of
    # the preset's work before the hand gradient), d = 100 the narrowest layer.
    StepCase("law-scaling paper, n=1000 d=10", 1000, 10, 1, LAW_P_OVER_N),
    StepCase("law-scaling paper, n=1000 d=100", 1000, 100, 1, LAW_P_OVER_N),
    # smoothness-curve --preset paper: a cell is one family with its 4 seeds.
    StepCase("smoothness-curve paper, smooth", 500, 30, 4, SMOOTHNESS_P_OVER_N),
    StepCase("smoothness-curve paper, plain", 500, 30, 4, SMOOTHNESS_P_OVER_N, penalised=False),
    # the softplus path (its penalty depends on s' too)
    StepCase(
        "law-scaling paper n=1000 d=10, softplus", 1000, 10, 1, LAW_P_OVER_N, activation="softplus"
    ),
)


def step_flops(case: StepCase, P: int) -> float:
    """Floating-point operations one step needs (both paths need at least these): the data
    term's preactivations, outputs and weight gradient, and the penalty's preactivations,
    input gradients and their weight gradient (softplus: two more products)."""
    n, d, m = case.n, case.d, case.n + case.penalty_points
    data = 2 * n * P * d + 2 * n * P + 2 * n * P * (d + 1)
    penalty = 0
    if case.penalised:
        penalty = 3 * 2 * m * P * d
        if case.activation == "softplus":
            penalty += 2 * m * P * d + 2 * m * P * (d + 1)
    return float(case.seeds * (data + penalty))


def cpu_name() -> str:
    """The processor's model name (Linux's /proc/cpuinfo; ``platform.processor()`` is often
    empty there)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def _median_seconds(fn: Callable[[], object], reps: int, device: str) -> float:
    fn()  # warm-up
    times = []
    for _ in range(reps):
        _sync(device)
        start = time.perf_counter()
        fn()
        _sync(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sgemm_peak(device: str, size: int = 2048, reps: int = 5) -> float:
    """The float32 matrix product's rate on this device and thread count, GFLOP/s (best of reps)."""
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=gen).to(device)
    b = torch.randn(size, size, generator=gen).to(device)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(reps):
        _sync(device)
        start = time.perf_counter()
        torch.mm(a, b)
        _sync(device)
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def _significant(x: float, digits: int = 3) -> float:
    """``x`` to ``digits`` significant digits (a small rate is not rounded to 0)."""
    return float(f"{x:.{digits}g}")


def _grad(p: torch.Tensor) -> torch.Tensor:
    assert p.grad is not None
    return p.grad


def _autograd_step(net, x, y, lam, pts) -> None:
    for p in net.params():
        p.grad = None
    nets.autograd_loss_gradients(net, x, y, lam, pts)


def time_step(case: StepCase, device: str, reps: int) -> dict[str, Any]:
    """One case: the step both ways, the gradients compared, the rates."""
    seeds = list(range(case.seeds))
    widths = widths_for("smooth", case.p_over_n, case.n, case.d)
    net = init_batch(widths, case.d, seeds, activation=case.activation, device=device)
    gen = torch.Generator().manual_seed(0)
    x = random_sphere((case.seeds, case.n), case.d, gen, torch.float32, device)
    y = torch.sign(torch.randn(case.seeds, case.n, generator=gen)).to(device)
    lam = pts = None
    if case.penalised:
        lam = torch.full((case.seeds, len(widths)), 1e-2, device=device)
        extra = random_sphere((case.seeds, case.penalty_points), case.d, gen, torch.float32, device)
        pts = torch.cat([x, extra], dim=1)
    autograd_s = _median_seconds(lambda: _autograd_step(net, x, y, lam, pts), reps, device)
    reference = [_grad(p).clone() for p in net.params()]
    hand_s = _median_seconds(lambda: nets.loss_gradients(net, x, y, lam, pts), reps, device)
    # float32 rounding of two summation orders: the largest difference, relative to the
    # gradient's largest entry, over the four parameter tensors
    difference = max(
        float((_grad(p) - ref).abs().max() / ref.abs().max().clamp_min(1e-30))
        for p, ref in zip(net.params(), reference, strict=True)
    )
    P = sum(widths)
    flops = step_flops(case, P)
    return {
        "case": case.name,
        "n": case.n,
        "d": case.d,
        "data_sets": case.seeds,
        "networks": len(widths) * case.seeds,
        "hidden_units": P,
        "penalised": case.penalised,
        "activation": case.activation,
        "gflop_per_step": round(flops / 1e9, 3),
        "autograd_s": round(autograd_s, 4),
        "hand_s": round(hand_s, 4),
        "ratio": round(autograd_s / hand_s, 2),
        "autograd_gflops": _significant(flops / autograd_s / 1e9),
        "hand_gflops": _significant(flops / hand_s / 1e9),
        "max_relative_gradient_difference": difference,
    }


def time_cell(n: int, d: int, seeds: int, steps: int, device: str, batched: bool) -> float:
    """The quick sweep's cell (every width of smoothness-curve's quick grid, plain training),
    batched or one network at a time; seconds."""
    data = [make_dataset("sphere", n, d, 1, "noise", 1.0, s) for s in range(seeds)]
    x = torch.tensor(np.stack([ds.x for ds in data]), dtype=torch.float32, device=device)
    y = torch.tensor(np.stack([ds.y for ds in data]), dtype=torch.float32, device=device)
    widths = widths_for("trained", SmoothnessConfig().p_over_n, n, d)
    _sync(device)
    start = time.perf_counter()
    train_sweep(widths, list(range(seeds)), x, y, TrainSettings(steps=steps), batched=batched)
    _sync(device)
    return time.perf_counter() - start


@click.command()
@click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="cpu", show_default=True
)
@click.option("--reps", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option(
    "--block-elements",
    type=click.IntRange(1, 1 << 30),
    default=None,
    help="Elements per row block of the hand gradient (default: the training's own).",
)
@click.option("--skip-loop", is_flag=True, help="Leave out batched against one-at-a-time.")
def main(device: str, reps: int, block_elements: int | None, skip_loop: bool) -> None:
    """Time autograd against the hand-written gradient, and write the figures as JSON."""
    dev = resolve_device(device)
    if dev == "cpu":
        torch.set_num_threads(1)  # as every cell computes
    allocator = apply_allocator_settings()  # as every process that trains does
    if block_elements is not None:
        nets.BLOCK_ELEMENTS = block_elements
    peak = sgemm_peak(dev)
    click.echo(f"float32 matrix product (2048 x 2048): {peak:.1f} GFLOP/s")
    rows = []
    for case in CASES:
        row = time_step(case, dev, reps)
        row["hand_fraction_of_peak"] = _significant(float(row["hand_gflops"]) / peak)
        rows.append(row)
        click.echo(
            f"{case.name:42s} autograd {row['autograd_s']:8.4f} s  hand {row['hand_s']:8.4f} s"
            f"  {row['ratio']:5.1f}x  {row['hand_gflops']:6.1f} GFLOP/s"
            f" ({100 * float(row['hand_fraction_of_peak']):.0f} % of peak)"
        )
    summary: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d"),
        "device": dev,
        "device_name": torch.cuda.get_device_name() if dev == "cuda" else cpu_name(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "allocator_settings": allocator,
        "block_elements": nets.BLOCK_ELEMENTS,
        "sgemm_gflops": round(peak, 1),
        "reps": reps,
        "steps": rows,
    }
    if not skip_loop:
        batched = time_cell(200, 20, 2, 2000, dev, batched=True)
        loop = time_cell(200, 20, 2, 2000, dev, batched=False)
        summary["quick_cell"] = {
            "n": 200,
            "d": 20,
            "networks": 16,
            "steps": 2000,
            "batched_s": round(batched, 2),
            "one_at_a_time_s": round(loop, 2),
            "ratio": round(loop / batched, 2),
        }
        click.echo(
            f"quick cell, 16 networks x 2000 plain steps: batched {batched:.1f} s, "
            f"one at a time {loop:.1f} s ({loop / batched:.1f}x)"
        )
    out = paths.build_dir() / "benchmarks" / f"training-{dev}.json"
    atomic_write_text(out, json.dumps(summary, indent=2))
    click.echo(f"wrote {out}")


if __name__ == "__main__":
    main()
