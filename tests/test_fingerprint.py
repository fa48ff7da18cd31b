"""Results are keyed on the code that computes them: an edited experiment is never read back
stale, and an edit outside a sweep's cell function keeps its stored cells."""

from __future__ import annotations

import importlib
import linecache
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from experiments.core import fingerprint
from experiments.core.config import ExperimentConfig, param
from experiments.core.registry import Experiment
from experiments.core.store import ResultStore
from experiments.core.sweep import Sweep

TOPIC = """
import numpy as np
from pathlib import Path

from experiments.core.sweep import Cell

SCALE = {scale}


def helper(x):
    return x * SCALE


def unrelated():
    return "{unrelated}"


def cell(inputs, ctx):
    with open(inputs["log"], "a") as log:
        log.write("cell\\n")
    return {{"y": np.array([helper(inputs["x"])])}}


def cells(config):
    return [Cell({{"x": x}}, {{"x": x, "log": config.log}}) for x in (1.0, 2.0)]


def assemble(config, outputs):
    return {{"y": np.concatenate([o["y"] for o in outputs]){assemble}}}


def run(config, ctx):
    return assemble(config, [cell(c.inputs, ctx) for c in cells(config)])
"""


@dataclass(frozen=True)
class LogConfig(ExperimentConfig):
    log: str = param("", help="where the cells note each computation")


def load_topic(folder: Path, monkeypatch: pytest.MonkeyPatch, **edits: str) -> ModuleType:
    """The topic module ``mytopic`` written with ``edits`` and (re)imported."""
    values = {"scale": "2.0", "unrelated": "a", "assemble": ""} | edits
    path = folder / "mytopic.py"
    path.write_text(TOPIC.format(**values))
    linecache.checkcache(str(path))
    if "mytopic" in sys.modules:
        return importlib.reload(sys.modules["mytopic"])
    monkeypatch.syspath_prepend(str(folder))
    return importlib.import_module("mytopic")


@pytest.fixture
def topic_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # the temporary topic counts as project code, as experiments/topics/* does
    monkeypatch.setattr(fingerprint, "PROJECT_PACKAGES", (*fingerprint.PROJECT_PACKAGES, "mytopic"))
    # no bytecode cache: an edit of the same length within a second must not run the old code
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    yield tmp_path
    sys.modules.pop("mytopic", None)


def experiment_of(module: ModuleType) -> Experiment:
    sweep = Sweep(module.cells, module.cell, module.assemble)
    return Experiment("mytopic", "a test sweep", LogConfig, module.run, 1, sweep=sweep)


def test_the_fingerprint_follows_the_functions_and_constants_the_code_uses(
    topic_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fingerprint.code_fingerprint(load_topic(topic_dir, monkeypatch).run)
    same = fingerprint.code_fingerprint(load_topic(topic_dir, monkeypatch).run)
    assert same == first  # stable
    unrelated = load_topic(topic_dir, monkeypatch, unrelated="b")
    assert fingerprint.code_fingerprint(unrelated.run) == first  # code it does not reach
    scaled = load_topic(topic_dir, monkeypatch, scale="3.0")
    assert fingerprint.code_fingerprint(scaled.run) != first  # a constant two calls away
    # a cell's own fingerprint does not see how the cells are put together
    plain = load_topic(topic_dir, monkeypatch)  # (a reload: the same module object each time)
    plain_cell, plain_run = (fingerprint.code_fingerprint(f) for f in (plain.cell, plain.run))
    summed = load_topic(topic_dir, monkeypatch, assemble=', "sum": np.array(1.0)')
    assert fingerprint.code_fingerprint(summed.cell) == plain_cell
    assert fingerprint.code_fingerprint(summed.run) != plain_run


def test_an_edited_experiment_is_computed_again_and_says_so(
    topic_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    store = ResultStore(topic_dir / "results", warn=said.append)
    log = topic_dir / "cells.log"
    config = LogConfig(log=str(log))
    first = store.get(experiment_of(load_topic(topic_dir, monkeypatch)), config)
    assert first.fresh and list(first["y"]) == [2.0, 4.0] and len(log.read_text().split()) == 2
    assert not store.get(experiment_of(load_topic(topic_dir, monkeypatch)), config).fresh

    # how cells are put together changed: the result is new, its stored cells are reused
    summed = store.get(
        experiment_of(load_topic(topic_dir, monkeypatch, assemble=', "sum": np.array(6.0)')),
        config,
    )
    assert summed.fresh and float(summed["sum"]) == 6.0
    assert len(log.read_text().split()) == 2  # no cell computed again
    assert any("its code has changed since its stored result" in s for s in said)

    # what a cell computes changed (a constant its helper reads): every cell again
    scaled = store.get(experiment_of(load_topic(topic_dir, monkeypatch, scale="3.0")), config)
    assert list(scaled["y"]) == [3.0, 6.0] and len(log.read_text().split()) == 4


def test_every_registered_experiment_has_a_fingerprint_of_its_own() -> None:
    from experiments.core.registry import all_experiments

    experiments = all_experiments()
    codes = {e.name: e.code for e in experiments}
    assert all(len(c) == 20 for c in codes.values())
    # experiments of one module that share no code differ; none is the fingerprint of nothing
    assert fingerprint.code_fingerprint() not in codes.values()
    assert len(set(codes.values())) == len(codes)
    assert np.all([e.cell_code != fingerprint.code_fingerprint() for e in experiments if e.sweep])


def test_setting_the_allocator_at_run_time_keys_no_result_anew(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process that has trained (and so set glibc's allocator) computes the same code
    fingerprints as a fresh one: otherwise a second `make render` recomputes stored results that
    are still current (it did, for parameters-needed, while the state was a module-level value)."""
    from experiments.core import sweep
    from experiments.core.registry import all_experiments

    def prints() -> dict[str, str]:
        out = {}
        for exp in all_experiments():
            parts = (exp.sweep.cells, exp.sweep.run_cell, exp.sweep.assemble) if exp.sweep else ()
            out[exp.name] = fingerprint.code_fingerprint(exp.fn, exp.config_cls, *parts)
        return out

    monkeypatch.setattr(sweep._ALLOCATOR, "settings", None)
    fresh = prints()
    sweep.apply_allocator_settings()
    assert prints() == fresh
