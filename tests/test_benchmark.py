"""`make bench`: autograd against the hand-written gradient, rates and the JSON it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from experiments import benchmark
from experiments.benchmark import StepCase, step_flops, time_step

TINY = (
    StepCase("tiny smooth", 60, 5, 2, (1.0, 4.0)),
    StepCase("tiny plain", 60, 5, 2, (1.0, 4.0), penalised=False),
    StepCase("tiny softplus", 60, 5, 1, (2.0,), activation="softplus"),
)


def test_step_flops_count_the_products_a_step_needs() -> None:
    # n = 10, d = 3, P = 7, m = 10 + 256, one data set: data 2nPd + 2nP + 2nP(d + 1) = 1120,
    # penalty 3 * 2mPd = 33516; softplus adds 2mPd + 2mP(d + 1) = 26068.
    case = StepCase("count", 10, 3, 1, (1.0,))
    assert step_flops(case, 7) == 420 + 140 + 560 + 33516
    assert step_flops(StepCase("c", 10, 3, 1, (1.0,), penalised=False), 7) == 1120
    assert step_flops(StepCase("c", 10, 3, 2, (1.0,), activation="softplus"), 7) == 2 * (
        1120 + 33516 + 26068
    )


@pytest.mark.parametrize("case", TINY, ids=lambda c: c.name)
def test_both_paths_compute_the_same_gradient_and_are_timed(case: StepCase) -> None:
    row = time_step(case, "cpu", reps=1)
    assert row["max_relative_gradient_difference"] < 1e-5  # float32 summation order only
    assert float(row["autograd_s"]) > 0 and float(row["hand_s"]) > 0
    assert row["ratio"] > 0 and row["hand_gflops"] > 0


def test_make_bench_writes_its_figures(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(benchmark, "CASES", TINY[:1])
    result = CliRunner().invoke(benchmark.main, ["--reps", "1", "--skip-loop"])
    assert result.exit_code == 0, result.output
    assert "GFLOP/s" in result.output and "% of peak" in result.output
    out = json.loads((build_dir / "benchmarks" / "training-cpu.json").read_text())
    assert out["sgemm_gflops"] > 0 and out["torch_threads"] == 1 and out["device_name"]
    [row] = out["steps"]
    assert row["case"] == "tiny smooth" and row["hand_fraction_of_peak"] > 0
