"""One way to seed: every random draw comes from a generator keyed by (seed, what, which).

``rng(seed, "monte-carlo", d)`` is the generator of the Monte Carlo sample of dimension d for a
config's ``seed``; ``torch_generator(seed, "init", width)`` that of a network's initial weights.
Keys are spawn keys of a :class:`numpy.random.SeedSequence`, so the streams are independent and
each depends only on its own key: adding a dimension, a width or a model to a sweep never changes
the numbers of another, and a result can be reproduced piece by piece.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

Key = str | int


def _spawn_key(key: tuple[Key, ...]) -> tuple[int, ...]:
    """Integers for a key: integers as they are (non-negative), strings by a stable hash."""
    out = []
    for part in key:
        if isinstance(part, bool) or not isinstance(part, int | str | np.integer):
            raise TypeError(f"seed keys are strings and integers (got {part!r})")
        if isinstance(part, str):
            out.append(int.from_bytes(hashlib.sha256(part.encode()).digest()[:8], "little"))
        elif part < 0:
            raise ValueError(f"integer seed keys must be non-negative (got {part})")
        else:
            out.append(int(part))
    return tuple(out)


def seed_sequence(seed: int, *key: Key) -> np.random.SeedSequence:
    return np.random.SeedSequence(int(seed), spawn_key=_spawn_key(key))


def rng(seed: int, *key: Key) -> np.random.Generator:
    """The NumPy generator of draw ``key`` (e.g. ``"monte-carlo", d``) under ``seed``."""
    return np.random.default_rng(seed_sequence(seed, *key))


def torch_generator(seed: int, *key: Key) -> torch.Generator:
    """The torch generator (CPU) of draw ``key`` under ``seed``; draws are moved to the device
    afterwards, so CPU and GPU runs start from the same numbers."""
    import torch

    state = seed_sequence(seed, *key).generate_state(1, np.uint64)[0]
    return torch.Generator().manual_seed(int(state) & (2**63 - 1))
