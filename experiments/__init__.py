"""Pure computation: the experiments, their registry and the result store (no plotting)."""

from experiments.errors import UserError
from experiments.registry import all_experiments, get_experiment
from experiments.store import Result, ResultStore, load, make_config

__all__ = [
    "Result",
    "ResultStore",
    "UserError",
    "all_experiments",
    "get_experiment",
    "load",
    "make_config",
]
