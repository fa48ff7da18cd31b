"""Export a result as one JSON file, for users who plot with their own tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from experiments.core.fileio import atomic_write_text
from experiments.core.store import Result


def _json_array(arr: np.ndarray) -> Any:
    """Nested lists; NaN and infinities (not valid JSON) become null."""
    if arr.dtype.kind in "fc":
        obj = arr.astype(object)
        obj[~np.isfinite(arr)] = None
        return obj.tolist()
    return arr.tolist()


def result_to_dict(result: Result) -> dict[str, Any]:
    return {
        "experiment": result.name,
        "key": result.key,
        "config": result.config.to_dict(),
        "meta": dict(result.meta),
        "arrays": {k: _json_array(np.asarray(v)) for k, v in result.arrays.items()},
    }


def write_json(result: Result, path: Path) -> None:
    """Write ``result`` to ``path`` atomically as strict JSON."""
    atomic_write_text(Path(path), json.dumps(result_to_dict(result), indent=1, allow_nan=False))
