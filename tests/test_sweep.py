"""Sweeps cell by cell: the store keeps every cell, an interrupted sweep resumes, a failed cell is
reported by its settings, and Dask workers compute the same arrays as this process."""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import render
from experiments.core.config import ExperimentConfig, param
from experiments.core.errors import UserError
from experiments.core.registry import Experiment, RunContext, get_experiment
from experiments.core.store import ResultStore, load
from experiments.core.sweep import (
    Cell,
    CellOutput,
    DaskExecutor,
    Job,
    LocalExecutor,
    Sweep,
    SweepError,
    compute_cell,
    make_executor,
)

REPO = Path(__file__).resolve().parent.parent

# A small law-scaling grid: 2 n x 1 d x 2 seeds = 4 cells of a few seconds each.
SMALL_GRID = {
    "ns": "20,30",
    "ds": "3",
    "seeds": 2,
    "steps": 40,
    "p_over_n": "1,4",
    "lip_random": 40,
    "lip_ascent_steps": 3,
}


def _set_args(settings: Mapping[str, Any]) -> list[str]:
    return [arg for k, v in settings.items() for arg in ("--set", f"{k}={v}")]


# --- a toy sweep: cells that count themselves, fail or kill their worker on request -----------


@dataclass(frozen=True)
class ToyConfig(ExperimentConfig):
    xs: tuple[int, ...] = param((1, 2, 3, 4, 5), help="cells", min=0, max=1000)
    fail_at: int = param(-1, help="the cell x that raises", min=-1, max=1000)
    die_at: int = param(-1, help="the cell x whose worker dies, once", min=-1, max=1000)
    log: str = param("", help="file each computed cell appends its x to")


def toy_cells(config: ToyConfig) -> list[Cell]:
    extra = {
        "fail_at": config.fail_at,
        "die_at": config.die_at,
        "log": config.log,
    }
    return [Cell({"x": x}, {"x": x, **extra}) for x in config.xs]


def toy_cell(inputs: Mapping[str, Any], ctx: RunContext) -> dict[str, Any]:
    x = inputs["x"]
    log = Path(inputs["log"])
    if x == inputs["fail_at"]:
        raise ValueError(f"cell {x} cannot be computed")
    if x == inputs["die_at"] and not log.with_suffix(".died").exists():
        log.with_suffix(".died").write_text(str(os.getpid()))
        # Mid-cell, as a real cell of seconds or minutes would be: the results this worker
        # finished before have been fetched by then (a result not yet fetched dies with it).
        time.sleep(1.0)
        os._exit(1)
    with open(log, "a") as fh:
        fh.write(f"{x}\n")
    return {"square": np.array(x * x), "pid": np.array(os.getpid())}


def toy_assemble(config: ToyConfig, cells: list[Mapping[str, np.ndarray]]) -> dict[str, Any]:
    return {"xs": np.array(config.xs), "squares": np.array([c["square"] for c in cells])}


TOY = Experiment(
    "toy-sweep",
    "squares, cell by cell",
    ToyConfig,
    lambda config, ctx: Sweep(toy_cells, toy_cell, toy_assemble).run_here(config, ctx),
    1,
    sweep=Sweep(toy_cells, toy_cell, toy_assemble),
)


def _computed(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def interrupted_at_3(inputs: Mapping[str, Any], ctx: RunContext) -> dict[str, Any]:
    """The toy cell, as if Ctrl-C came while cell 3 was being computed."""
    if inputs["x"] == 3:
        raise KeyboardInterrupt
    return toy_cell(inputs, ctx)


def test_an_interrupted_sweep_resumes_with_only_the_missing_cells(tmp_path: Path) -> None:
    store, log = ResultStore(tmp_path / "results"), tmp_path / "cells.log"
    cfg = ToyConfig(log=str(log))
    # The same sweep (same name, cells and keys), interrupted in its third cell.
    interrupted = Experiment(
        TOY.name, "", ToyConfig, TOY.fn, 1, sweep=Sweep(toy_cells, interrupted_at_3, toy_assemble)
    )
    with pytest.raises(KeyboardInterrupt):
        store.get(interrupted, cfg)
    assert _computed(log) == [1, 2]  # finished before the interruption: stored
    assert len(store.stored_cells(TOY)) == 2
    assert store.read(TOY, cfg) is None  # no half result
    log.unlink()
    r = store.get(TOY, cfg)
    assert _computed(log) == [3, 4, 5]  # run again: only the missing cells
    assert r.meta["cells"]["computed"] == 3 and r.meta["cells"]["reused"] == 2
    assert r["squares"].tolist() == [1, 4, 9, 16, 25]
    log.unlink()
    bigger = ToyConfig(xs=(1, 2, 3, 4, 5, 6, 7), log=str(log))
    grown = store.get(TOY, bigger)
    assert _computed(log) == [6, 7]  # a grown grid computes only its new cells
    assert grown["squares"].tolist() == [1, 4, 9, 16, 25, 36, 49]
    log.unlink()
    store.get(TOY, cfg, force=True)
    assert _computed(log) == [1, 2, 3, 4, 5]  # --force computes every cell anew


def test_a_failed_cell_is_reported_by_its_settings_and_the_others_are_kept(
    tmp_path: Path,
) -> None:
    store, log = ResultStore(tmp_path / "results"), tmp_path / "cells.log"
    cfg = ToyConfig(fail_at=2, log=str(log))
    with pytest.raises(SweepError) as err:
        store.get(TOY, cfg)
    text = str(err.value)
    assert "1 of 5 cells failed" in text
    assert "x=2: ValueError: cell 2 cannot be computed" in text
    assert _computed(log) == [1, 3, 4, 5]  # the cells after the failure ran all the same
    assert len(store.stored_cells(TOY)) == 4
    assert store.read(TOY, cfg) is None
    # Run again: only the failed cell is tried again (and fails again, alone).
    log.unlink()
    with pytest.raises(SweepError):
        store.get(TOY, cfg)
    assert _computed(log) == []


def test_a_damaged_cell_is_recomputed_not_used(tmp_path: Path) -> None:
    warnings: list[str] = []
    store, log = ResultStore(tmp_path / "results", warn=warnings.append), tmp_path / "cells.log"
    cfg = ToyConfig(xs=(1, 2), log=str(log))
    store.get(TOY, cfg)
    arrays = store.cell_dir(TOY, toy_cells(cfg)[1]) / "arrays.npz"
    arrays.write_bytes(arrays.read_bytes()[:-10])
    store.get(TOY, ToyConfig(xs=(2, 1), log=str(log)))
    assert _computed(log) == [1, 2, 2]
    assert any("damaged cell of 'toy-sweep' (x=2)" in w for w in warnings)


def test_executor_options_that_do_not_go_together_are_refused() -> None:
    with pytest.raises(UserError, match="go with --executor dask"):
        make_executor("local", workers=2)
    with pytest.raises(UserError, match="either --workers N or --scheduler"):
        make_executor("dask")
    with pytest.raises(UserError, match="either --workers N or --scheduler"):
        make_executor("dask", workers=2, scheduler="tcp://127.0.0.1:8786")
    assert isinstance(make_executor("local"), LocalExecutor)


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    executor = DaskExecutor(scheduler="tcp://127.0.0.1:9", connect_timeout_s=1)
    with pytest.raises(UserError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        ResultStore(tmp_path).get(TOY, ToyConfig(log=str(tmp_path / "log")), executor=executor)


def test_cli_refuses_workers_without_dask(capsys: pytest.CaptureFixture[str]) -> None:
    code = render.main(["experiments", "run", "law-scaling", "--workers", "2"])
    assert code == 2
    assert "--workers and --scheduler go with --executor dask" in capsys.readouterr().err


# --- Dask ------------------------------------------------------------------------------------


def test_two_dask_workers_compute_the_same_arrays_as_this_process(tmp_path: Path) -> None:
    import torch

    threads = torch.get_num_threads()
    exp = get_experiment("law-scaling")
    config = exp.config("quick", SMALL_GRID)
    local = ResultStore(tmp_path / "local").get(exp, config, device="cpu")
    dask = ResultStore(tmp_path / "dask").get(
        exp, config, device="cpu", executor=DaskExecutor(workers=2)
    )
    assert dask.meta["cells"] == {
        **dask.meta["cells"],
        "total": 4,
        "computed": 4,
        "reused": 0,
        "executor": "dask (2 local workers)",
    }
    assert sorted(local.arrays) == sorted(dask.arrays)
    for key in local.arrays:
        a, b = local[key], dask[key]
        if a.dtype.kind in "fiub":
            a, b = a.astype(np.float64), b.astype(np.float64)
        np.testing.assert_array_equal(a, b, err_msg=key)
    # Every cell ran with one torch thread: in a worker process, or here (which keeps its own).
    for entry in ResultStore(tmp_path / "dask").stored_cells(exp):
        meta = json.loads((entry / "meta.json").read_text())
        assert meta["torch_threads"] == 1
        assert not meta["worker"].endswith(f":{os.getpid()}")
    for entry in ResultStore(tmp_path / "local").stored_cells(exp):
        meta = json.loads((entry / "meta.json").read_text())
        assert meta["torch_threads"] == 1 and meta["worker"].endswith(f":{os.getpid()}")
    assert torch.get_num_threads() == threads


def test_a_worker_lost_mid_cell_costs_only_that_cell(tmp_path: Path) -> None:
    log = tmp_path / "cells.log"
    store = ResultStore(tmp_path / "results")
    r = store.get(TOY, ToyConfig(die_at=3, log=str(log)), executor=DaskExecutor(workers=2))
    assert r["squares"].tolist() == [1, 4, 9, 16, 25]
    assert log.with_suffix(".died").exists()  # the worker did die in cell 3 ...
    assert sorted(_computed(log)) == [1, 2, 3, 4, 5]  # ... and every cell was computed once


def test_cells_failing_on_their_workers_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    # No GPU on the workers: every cell fails there, each one reported by its settings.
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    args = ["experiments", "run", "law-scaling", *_set_args(SMALL_GRID)]
    code = render.main([*args, "--device", "cuda", "--executor", "dask", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "law-scaling: 4 of 4 cells failed" in err
    assert "n=30 d=3 seed=1: UserError: --device cuda was asked for but no CUDA GPU" in err


def test_a_killed_sweep_resumes_with_only_the_rest(tmp_path: Path) -> None:
    """The command line killed (SIGKILL) after some cells: the next run computes only the rest,
    and gives the same result as a run that was never interrupted."""
    grid = {**SMALL_GRID, "ns": "20,30,40", "steps": 400}  # 6 cells of about a second each
    env = {**os.environ, "HIDIM_BUILD": str(tmp_path / "build")}
    cmd = [sys.executable, "render.py", "experiments", "run", "law-scaling", *_set_args(grid)]
    cells = tmp_path / "build" / "results" / "law-scaling" / "cells"
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if cells.exists() and len([p for p in cells.iterdir() if p.name[0] != "."]) >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len([p for p in cells.iterdir() if p.name[0] != "."])
    assert 2 <= done < 6, f"{done} cells stored when the run was killed"
    again = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert f"6 cells: {6 - done} computed by local, {done} from the store" in again.stdout
    resumed = load("law-scaling", overrides=grid, store=ResultStore(tmp_path / "build/results"))
    whole = load("law-scaling", overrides=grid, store=ResultStore(tmp_path / "whole"))
    for key in ("lip_lower", "train_mse", "lip_floor_fit", "slope"):
        np.testing.assert_array_equal(resumed[key], whole[key], err_msg=key)


def test_cells_command_tells_how_far_a_sweep_is(capsys: pytest.CaptureFixture[str]) -> None:
    one_n = {**SMALL_GRID, "ns": "20"}
    assert render.main(["experiments", "run", "law-scaling", *_set_args(one_n)]) == 0
    capsys.readouterr()
    # The grid grown to n = 20, 30: the two n = 20 cells are the stored ones.
    code = render.main(
        ["experiments", "cells", "law-scaling", *_set_args(SMALL_GRID), "--workers", "2", "--each"]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "law-scaling: 4 cells, 2 stored (median" in text
    assert "2 missing: about" in text and "on 2" in text
    assert "1 grid point with no timed cell counted at the median: a guess" in text
    assert "  n=20 d=3 seed=1: " in text and " s on cpu" in text
    assert "  n=30 d=3 seed=0: missing" in text
    assert render.main(["experiments", "cells", "cube-clt"]) == 0
    assert "cube-clt: not a sweep (one piece): not stored" in capsys.readouterr().out


# --- the allocator: every process that trains gets glibc settings for large temporaries ------


def large_malloc_is_mapped() -> bool:
    """Whether glibc serves a 200 MB ``malloc`` with a mapping of its own (mallinfo2's hblks)."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        # glibc's struct mallinfo2: ten size_t fields; hblks counts the mapped blocks
        names = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
        _fields_ = [(name, ctypes.c_size_t) for name in names.split()]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    before = libc.mallinfo2().hblks
    block = libc.malloc(200 << 20)
    mapped = bool(libc.mallinfo2().hblks > before)
    libc.free(block)
    return mapped


def allocator_cell(inputs: Mapping[str, Any], ctx: RunContext) -> dict[str, Any]:
    return {"mapped": np.array(large_malloc_is_mapped()), "pid": np.array(os.getpid())}


# A small smooth training and Lipschitz search, with or without the allocator settings, in a fresh
# process; prints whether a large malloc is mapped, then a hash of every number computed.
TRAIN_WITH_OR_WITHOUT = """
import hashlib, sys, torch
from experiments.core.sweep import apply_allocator_settings
from experiments.numerics.nets import TrainSettings, lipschitz_lower, train_sweep
from tests.test_sweep import large_malloc_is_mapped
torch.set_num_threads(1)
if sys.argv[1] == "with":
    assert apply_allocator_settings()
g = torch.Generator().manual_seed(0)
x = torch.randn(2, 100, 10, generator=g)
x = x / x.norm(dim=-1, keepdim=True)
y = torch.sign(torch.randn(2, 100, generator=g))
net = train_sweep([100, 400, 2000], [0, 1], x, y, TrainSettings(steps=30, smooth=True), steps=None)
lip = lipschitz_lower(net, x, n_random=200, ascent_steps=5, seeds=[0, 1])
digest = hashlib.sha256()
for t in (*net.params(), *lip):
    digest.update(t.detach().numpy().tobytes())
print(large_malloc_is_mapped(), digest.hexdigest())
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_allocator_settings_change_no_number_of_a_training_run() -> None:
    def run(mode: str) -> list[str]:
        cmd = [sys.executable, "-c", TRAIN_WITH_OR_WITHOUT, mode]
        # glibc's own defaults (a Dask cluster started by an earlier test sets MALLOC_* here)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
        out = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=True)
        return out.stdout.split()

    without, with_ = run("without"), run("with")
    assert without[0] == "True" and with_[0] == "False"  # the settings took effect
    assert without[1] == with_[1]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_allocator_settings_are_applied_where_cells_run() -> None:
    # Here (the local executor and run_here compute cells with compute_cell) ...
    assert not compute_cell(allocator_cell, {}, "cpu", False).arrays["mapped"]
    # ... and in a Dask worker, whose nanny sets MALLOC_TRIM_THRESHOLD_=65536.
    job = Job(0, Cell({}, {}), "allocator", allocator_cell, "cpu", False)
    [(_, out)] = list(DaskExecutor(workers=1).run([job], RunContext()))
    assert isinstance(out, CellOutput)
    assert int(out.arrays["pid"]) != os.getpid() and not out.arrays["mapped"]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_allocator_settings_keep_what_the_user_set() -> None:
    code = (
        "from experiments.core.sweep import apply_allocator_settings\n"
        "from tests.test_sweep import large_malloc_is_mapped\n"
        "print(sorted(apply_allocator_settings()), large_malloc_is_mapped())"
    )
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split("]")[0] == "['MALLOC_TOP_PAD_', 'MALLOC_TRIM_THRESHOLD_'"
    assert out.stdout.split()[-1] == "True"  # the user's 64 KiB threshold maps 200 MB
