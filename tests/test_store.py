"""The result store: stable keys, damaged entries recomputed, atomic writes, one entry per race."""

from __future__ import annotations

import json
import multiprocessing
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from experiments.core.config import ExperimentConfig, param
from experiments.core.registry import Experiment, RunContext
from experiments.core.store import ResultStore, load, result_key
from experiments.topics.geometry import BallSlicesConfig


@dataclass(frozen=True)
class CountingConfig(ExperimentConfig):
    log: str = param("", help="file that gets one line per computation")
    size: int = param(4, help="array length", min=1, max=1000)
    delay: float = param(0.0, help="seconds to sleep", min=0.0, max=10.0)
    fail: bool = param(False, help="raise after computing")


def counting(config: CountingConfig, ctx: RunContext) -> dict[str, np.ndarray]:
    if config.log:
        with open(config.log, "a") as fh:
            fh.write("computed\n")
    time.sleep(config.delay)
    if config.fail:
        raise RuntimeError("boom")
    return {"values": np.arange(config.size) ** 2, "label": np.array("squares")}


COUNTING = Experiment("counting", "test experiment", CountingConfig, counting, version=1)


def computations(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


CODE = "0" * 20  # a code fingerprint


def test_key_is_stable_across_runs_and_versions_of_python() -> None:
    # A literal: if this changes without a change to the config's settings or the code, every
    # stored result of every user is silently orphaned. (It last changed when keys took the
    # fingerprint of the code.)
    assert result_key("ball-slices", BallSlicesConfig(), 1, CODE) == "12057d90e1a3fd5a0406"
    pair = BallSlicesConfig(dims=(3, 7))
    assert result_key("ball-slices", pair, 1, CODE) == "10095fc3482f987345ba"


def test_key_depends_on_name_config_version_and_code_only() -> None:
    base = result_key("ball-slices", BallSlicesConfig(dims=(3, 7)), 1, CODE)
    assert result_key("ball-slices", BallSlicesConfig(dims="3,7"), 1, CODE) == base
    assert result_key("ball-slices", BallSlicesConfig(dims=(7, 3)), 1, CODE) != base
    assert result_key("ball-slices", BallSlicesConfig(dims=(3, 7)), 2, CODE) != base
    assert result_key("other", BallSlicesConfig(dims=(3, 7)), 1, CODE) != base
    assert result_key("ball-slices", BallSlicesConfig(dims=(3, 7)), 1, "1" * 20) != base


def test_result_round_trips_with_metadata(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "results")
    log = tmp_path / "log"
    cfg = CountingConfig(log=str(log))
    first = store.get(COUNTING, cfg)
    again = store.get(COUNTING, cfg)
    assert first.fresh and not again.fresh
    assert computations(log) == 1
    np.testing.assert_array_equal(again["values"], [0, 1, 4, 9])
    assert str(again["label"]) == "squares"
    meta = json.loads((again.path / "meta.json").read_text())
    for field in ("config", "seed", "packages", "git_commit", "device", "wall_time_s", "created"):
        assert field in meta
    assert meta["config"] == cfg.to_dict() and meta["packages"]["numpy"] == np.__version__


@pytest.mark.parametrize("damage", ["truncate-arrays", "flip-byte", "bad-meta", "no-arrays"])
def test_damaged_entry_is_reported_and_recomputed(tmp_path: Path, damage: str) -> None:
    warnings: list[str] = []
    store = ResultStore(tmp_path / "results", warn=warnings.append)
    log = tmp_path / "log"
    cfg = CountingConfig(log=str(log))
    entry = store.get(COUNTING, cfg).path
    arrays, meta = entry / "arrays.npz", entry / "meta.json"
    if damage == "truncate-arrays":
        arrays.write_bytes(arrays.read_bytes()[:50])
    elif damage == "flip-byte":
        data = bytearray(arrays.read_bytes())
        data[len(data) // 2] ^= 0xFF
        arrays.write_bytes(bytes(data))
    elif damage == "bad-meta":
        meta.write_text(meta.read_text()[:30])
    else:
        arrays.unlink()

    result = store.get(COUNTING, cfg)
    assert result.fresh and computations(log) == 2
    assert len(warnings) == 1 and "damaged result entry for 'counting'" in warnings[0]
    np.testing.assert_array_equal(result["values"], [0, 1, 4, 9])
    assert store.read(COUNTING, cfg) is not None  # the rewritten entry is whole


def test_a_failing_computation_leaves_nothing_behind(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "results")
    cfg = CountingConfig(fail=True)
    with pytest.raises(RuntimeError, match="boom"):
        store.get(COUNTING, cfg)
    folder = tmp_path / "results" / "counting"
    leftovers = [p.name for p in folder.iterdir() if not p.name.endswith(".lock")]
    assert leftovers == []
    assert store.read(COUNTING, cfg) is None


def test_force_replaces_the_entry(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "results")
    log = tmp_path / "log"
    cfg = CountingConfig(log=str(log))
    store.get(COUNTING, cfg)
    assert store.get(COUNTING, cfg, force=True).fresh and computations(log) == 2
    assert [
        p.name
        for p in (tmp_path / "results" / "counting").iterdir()
        if not p.name.endswith(".lock")
    ] == [result_key("counting", cfg, 1, COUNTING.code)]


def _race(root: str, log: str, barrier) -> None:
    barrier.wait()
    ResultStore(Path(root)).get(COUNTING, CountingConfig(log=log, delay=0.5))


def test_two_processes_racing_on_one_key_compute_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    root, log = tmp_path / "results", tmp_path / "log"
    procs = [ctx.Process(target=_race, args=(str(root), str(log), barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert computations(log) == 1
    result = ResultStore(root).read(COUNTING, CountingConfig(log=str(log), delay=0.5))
    assert result is not None
    np.testing.assert_array_equal(result["values"], [0, 1, 4, 9])


def test_load_builds_the_config_from_preset_and_overrides(build_dir: Path) -> None:
    r = load("ball-slices", overrides={"dims": "3,7", "mc_samples": 500})
    assert r.config.dims == (3, 7)
    assert r.path.is_relative_to(build_dir / "results" / "ball-slices")
