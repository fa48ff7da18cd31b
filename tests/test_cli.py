"""The command line: exit codes, one-line errors, what each command writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import render
from experiments.core.paths import REPO_ROOT


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = render.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_names_every_experiment_figure_and_scene(capsys) -> None:
    code, out, _ = run_main(capsys, "list")
    assert code == 0
    for name in ("ball-slices", "ball-slice-densities", "ball-slice-distances"):
        assert name in out
    assert "experiments" in out and "figures" in out and "scenes" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["experiments", "run", "bal-slices"],
            "error: unknown experiment 'bal-slices'; did you mean 'ball-slices'?",
        ),
        (
            ["experiments", "run", "ball-slices", "--set", "dims=-3"],
            "error: dims must be between 1 and 10000000 (got -3)",
        ),
        (
            ["experiments", "run", "ball-slices", "--set", "dims=abc"],
            "error: dims must be an integer (got 'abc')",
        ),
        (
            ["experiments", "run", "ball-slices", "--set", "dim=3"],
            "error: unknown setting 'dim' for ball-slices; did you mean 'dims'?",
        ),
        (
            ["figures", "build", "ball-slice-dens"],
            "error: unknown figure 'ball-slice-dens'; did you mean 'ball-slice-densities'?",
        ),
        (["scenes", "render", "ball"], "error: unknown scene 'ball'"),
        (["experiments", "settings", "cube"], "error: unknown experiment 'cube'"),
    ],
)
def test_user_errors_exit_2_with_one_line(capsys, args, message) -> None:
    code, _out, err = run_main(capsys, *args)
    assert code == 2
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_option_value_is_a_usage_error(capsys) -> None:
    code, _, err = run_main(capsys, "experiments", "run", "ball-slices", "--preset", "huge")
    assert code == 2 and "'huge' is not one of 'quick', 'paper'" in err


def test_run_then_reuse(capsys, build_dir: Path) -> None:
    args = ["experiments", "run", "ball-slices", "--set", "dims=3,7", "--set", "mc_samples=500"]
    code, out, _ = run_main(capsys, *args)
    assert code == 0 and "ball-slices: computed" in out
    code, out, _ = run_main(capsys, *args)
    assert code == 0 and "ball-slices: stored" in out
    assert str(build_dir / "results" / "ball-slices") in out


def test_export_writes_config_meta_and_arrays(capsys, tmp_path: Path) -> None:
    target = tmp_path / "out" / "slices.json"
    code, out, _ = run_main(
        capsys,
        "experiments",
        "export",
        "ball-slices",
        "--set",
        "dims=3,7,33,250",
        "--set",
        "mc_samples=500",
        "-o",
        str(target),
    )
    assert code == 0 and str(target) in out
    data = json.loads(target.read_text())
    assert data["experiment"] == "ball-slices"
    assert data["config"]["dims"] == [3, 7, 33, 250]
    assert data["arrays"]["dims"] == [3, 7, 33, 250]
    assert len(data["arrays"]["tv_to_gaussian"]) == 4
    assert data["meta"]["key"] == data["key"]
    assert not list(target.parent.glob(".*tmp"))


def test_figures_build_prints_what_it_wrote(capsys, build_dir: Path) -> None:
    code, out, _ = run_main(
        capsys,
        "figures",
        "build",
        "ball-slice-distances",
        "--set",
        "dims=2,20,200",
        "--set",
        "mc_samples=500",
    )
    assert code == 0
    for ext in ("pdf", "png"):
        path = build_dir / "figures" / f"ball-slice-distances.{ext}"
        assert path.stat().st_size > 1000 and str(path) in out

    # --force computes the results the figure reads again; without it they are read back
    small = ("--set", "dims=2,20,200", "--set", "mc_samples=500")
    (meta,) = (build_dir / "results" / "ball-slices").glob("*/meta.json")
    created = json.loads(meta.read_text())["created"]
    stamp = meta.stat().st_mtime_ns
    assert run_main(capsys, "figures", "build", "ball-slice-distances", *small)[0] == 0
    assert meta.stat().st_mtime_ns == stamp
    assert run_main(capsys, "figures", "build", "ball-slice-distances", *small, "--force")[0] == 0
    assert meta.stat().st_mtime_ns != stamp and json.loads(meta.read_text())["created"] >= created


def test_cuda_without_a_gpu_is_a_user_error(capsys, monkeypatch) -> None:
    from experiments.core.errors import UserError
    from experiments.core.registry import resolve_device

    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(UserError, match="no CUDA GPU is available"):
        resolve_device("cuda")
    assert resolve_device("auto") == "cpu"


def run_process(*args: str, build: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HIDIM_BUILD=str(build))
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "render.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_as_a_subprocess_exit_codes_and_messages(build_dir: Path) -> None:
    bad = run_process("experiments", "run", "ball-slicez", build=build_dir)
    assert bad.returncode == 2
    line = bad.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("error: unknown experiment 'ball-slicez'; did you mean 'ball-slices'?")
    assert "(known: ball-slices, " in line
    out_of_range = run_process(
        "experiments", "run", "ball-slices", "--set", "grid_points=3", build=build_dir
    )
    assert out_of_range.returncode == 2
    assert out_of_range.stderr.strip() == "error: grid_points must be between 11 and 100001 (got 3)"
    good = run_process("experiments", "run", "ball-slices", "--set", "dims=4", build=build_dir)
    assert good.returncode == 0, good.stderr
    assert "ball-slices: computed" in good.stdout
    helped = run_process("scenes", "render", "--help", build=build_dir)
    assert helped.returncode == 0 and "--quality [preview|lecture|4k]" in helped.stdout


def test_runtime_failure_exits_1_with_one_line(build_dir: Path) -> None:
    # A file where the results directory must go: the computation cannot be stored.
    build_dir.mkdir(parents=True)
    (build_dir / "results").write_text("not a directory")
    proc = run_process("experiments", "run", "ball-slices", build=build_dir)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: ") and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_asking_for_cuda_without_a_gpu_exits_2_even_when_results_are_stored(
    capsys, monkeypatch
) -> None:
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    small = ["--set", "models=random-features", "--set", "p_over_n=1", "--set", "seeds=1"]
    small += ["--set", "n=20", "--set", "d=3", "--set", "n_test=5", "--set", "lip_random=10"]
    small += ["--set", "lip_ascent_steps=1"]
    code, out, _ = run_main(capsys, "experiments", "run", "smoothness-curve", *small)
    assert code == 0 and "smoothness-curve: computed" in out
    # The result is stored now: asking for it on a GPU that is not there is still an error,
    # not a silent reuse of the CPU result.
    code, out, err = run_main(
        capsys, "experiments", "run", "smoothness-curve", *small, "--device", "cuda"
    )
    assert code == 2 and "no CUDA GPU is available" in err and "stored" not in out
    code, out, _ = run_main(capsys, "experiments", "run", "smoothness-curve", *small)
    assert code == 0 and "smoothness-curve: stored" in out
