"""Pure computation: the experiments, their registry and the result store (no plotting)."""

from experiments.core.errors import UserError
from experiments.core.registry import all_experiments, get_experiment
from experiments.core.store import Result, ResultStore, load, make_config

__all__ = [
    "Result",
    "ResultStore",
    "UserError",
    "all_experiments",
    "get_experiment",
    "load",
    "make_config",
]
