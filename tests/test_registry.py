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
