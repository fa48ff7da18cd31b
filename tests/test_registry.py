"""One registry mechanism for experiments and figures: lookup, suggestions, duplicates."""

from __future__ import annotations

import pytest

from experiments.config import ExperimentConfig
from experiments.errors import UserError
from experiments.registry import EXPERIMENTS, Registry, experiment, get_experiment
from figures.registry import FIGURES, figure, get_figure


def test_lookup_suggests_a_close_name_for_experiments_and_figures() -> None:
    with pytest.raises(UserError, match="unknown experiment 'cube-cl'; did you mean 'cube-clt'"):
        get_experiment("cube-cl")
    with pytest.raises(UserError, match="unknown figure 'toy-fit'; did you mean 'toy-fits'"):
        get_figure("toy-fit")


def first() -> None: ...


def second() -> None: ...


def test_a_name_registered_by_two_functions_is_refused() -> None:
    registry: Registry[str] = Registry("thing", ())
    registry.add("a", "one", first)
    registry.add("a", "one again", first)  # the same function again (a reloaded module)
    assert registry.all() == ["one again"]
    with pytest.raises(ValueError, match="thing 'a' registered twice"):
        registry.add("a", "two", second)
    assert registry.get("a") == "one again"


@pytest.mark.parametrize("kind", ["experiment", "figure"])
def test_experiments_and_figures_both_refuse_a_duplicate_name(kind: str) -> None:
    def impostor(*args: object) -> dict:
        return {}

    with pytest.raises(ValueError, match=f"{kind} 'toy-fits' registered twice"):
        if kind == "experiment":
            get_experiment("toy-fits")  # load the real one first
            experiment("toy-fits", description="", config=ExperimentConfig, version=1)(impostor)
        else:
            get_figure("toy-fits")
            figure("toy-fits", description="", needs=())(impostor)
    # the real ones are still there
    assert EXPERIMENTS.get("toy-fits").fn.__name__ == "toy_fits"
    assert FIGURES.get("toy-fits").fn.__name__ != "impostor"


def test_a_lookup_imports_only_the_module_that_registers_the_name() -> None:
    """A render asks for one experiment: only its topic module is imported (PyTorch only for
    the robustness experiments), and listing all of them afterwards keeps the listing order."""
    import subprocess
    import sys

    from experiments import paths

    code = (
        "import sys\n"
        "from experiments.registry import TOPIC_MODULES, all_experiments, get_experiment\n"
        "get_experiment('isoperimetry')\n"
        "print(sorted(m for m in TOPIC_MODULES if m in sys.modules), 'torch' in sys.modules)\n"
        "get_experiment('toy-fits')\n"
        "print([e.name for e in all_experiments()][:2])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == "['experiments.isoperimetry'] False"
    assert out[1] == "['ball-slices', 'sphere-marginals']"  # geometry first, as listed


def test_a_name_no_source_declares_is_still_found_after_importing_every_module() -> None:
    with pytest.raises(UserError, match=r"unknown experiment 'ball-slicez'.*ball-slices"):
        get_experiment("ball-slicez")
