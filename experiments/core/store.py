"""The result store: every computed result, keyed by what made it.

Layout::

    <build>/results/<experiment>/<key>/arrays.npz   the arrays (no pickles)
    <build>/results/<experiment>/<key>/meta.json    config, seed, versions, commit, device, times,
                                                    and the SHA-256 of arrays.npz
    <build>/results/<experiment>/<key>.lock         taken while computing that key
    <build>/results/<experiment>/cells/<cell key>/  one cell of a sweep (experiments.core.sweep):
                                                    the same two files, keyed by the cell's inputs

``key`` is a hash of (experiment name, canonical config, experiment version, the fingerprint of
the code that computes it: ``experiments.core.fingerprint``). An entry is written
into a temporary directory and renamed into place in one step, so a reader sees a whole entry or
none. An entry that fails to parse or whose arrays do not match their checksum is reported and
recomputed, never used. A lock per key makes two processes asking for the same missing result
compute it once.

A sweep experiment is computed cell by cell: every cell is written as soon as it is done, so an
interrupted sweep keeps its finished cells, and the sweep's own entry is assembled from them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np

from experiments.core import paths
from experiments.core.config import ExperimentConfig
from experiments.core.registry import Experiment, RunContext, get_experiment, resolve_device
from experiments.core.sweep import (
    Cell,
    CellOutput,
    Executor,
    Job,
    LocalExecutor,
    SweepError,
    apply_allocator_settings,
    describe_failure,
)

STORE_FORMAT = 1
ARRAYS_FILE = "arrays.npz"
META_FILE = "meta.json"
_TRACKED_PACKAGES = ("numpy", "scipy", "torch", "matplotlib", "manim")


class DamagedEntryError(Exception):
    """A stored entry exists but cannot be trusted."""


@dataclass(frozen=True)
class Result:
    """A computed result: its arrays, the config that made it, and its metadata."""

    name: str
    config: ExperimentConfig
    arrays: Mapping[str, np.ndarray]
    meta: Mapping[str, Any]
    path: Path
    fresh: bool = False  # computed by this call rather than read from the store

    def __getitem__(self, key: str) -> np.ndarray:
        try:
            return self.arrays[key]
        except KeyError:
            raise KeyError(
                f"result of {self.name!r} has no array {key!r} "
                f"(has: {', '.join(sorted(self.arrays))}); if the experiment computes it now, "
                f"its stored result is older: run `render.py experiments run {self.name} "
                "--force`, and bump version= in its @experiment so no one else reads the old one"
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self.arrays

    @property
    def key(self) -> str:
        return str(self.meta["key"])


def canonical_json(obj: Any) -> str:
    """JSON with sorted keys and no whitespace: the same object always gives the same text."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )


def _key_of(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()[:20]


def result_key(name: str, config: ExperimentConfig, version: int, code: str) -> str:
    """Stable hash of (experiment name, canonical config, experiment version, code fingerprint)."""
    payload = {"experiment": name, "config": config.to_dict(), "version": version, "code": code}
    return _key_of(payload)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(paths.REPO_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(paths.REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in _TRACKED_PACKAGES:
        with contextlib.suppress(importlib_metadata.PackageNotFoundError):
            out[pkg] = importlib_metadata.version(pkg)
    return out


def _to_storable(name: str, value: Any) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype == object:
        raise TypeError(f"array {name!r} has dtype object; store numbers or strings only")
    return arr


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ResultStore:
    """Results on disk under ``root`` (default ``<build>/results``)."""

    def __init__(self, root: Path | None = None, warn: Callable[[str], None] | None = None):
        self.root = Path(root) if root is not None else paths.results_dir()
        self.warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))

    # -- paths --------------------------------------------------------------------------------

    def entry_dir(self, exp: Experiment, config: ExperimentConfig) -> Path:
        return self.root / exp.name / result_key(exp.name, config, exp.version, exp.code)

    # -- reading ------------------------------------------------------------------------------

    def read(self, exp: Experiment, config: ExperimentConfig) -> Result | None:
        """The stored result, or None if there is none; DamagedEntryError if it is damaged."""
        found = self._read_entry(self.entry_dir(exp, config), config.to_dict())
        if found is None:
            return None
        arrays, meta = found
        return Result(exp.name, config, arrays, meta, self.entry_dir(exp, config))

    def _read_entry(
        self, entry: Path, config: Mapping[str, Any]
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
        """(arrays, meta) of the entry at ``entry`` made from ``config``; None if absent."""
        if not entry.exists():
            return None
        meta_path, arrays_path = entry / META_FILE, entry / ARRAYS_FILE
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError) as exc:
            raise DamagedEntryError(f"{meta_path} unreadable ({exc.__class__.__name__})") from None
        if not isinstance(meta, dict) or meta.get("format") != STORE_FORMAT:
            raise DamagedEntryError(f"{meta_path} has an unknown format")
        if meta.get("key") != entry.name or meta.get("config") != config:
            raise DamagedEntryError(f"{meta_path} does not describe this config")
        try:
            digest = _sha256_file(arrays_path)
        except OSError:
            raise DamagedEntryError(f"{arrays_path} is missing") from None
        if digest != meta.get("arrays_sha256"):
            raise DamagedEntryError(f"{arrays_path} fails its checksum")
        try:
            with np.load(arrays_path, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except (OSError, ValueError) as exc:
            raise DamagedEntryError(f"{arrays_path} unreadable ({exc})") from None
        if sorted(arrays) != sorted(meta.get("arrays", {})):
            raise DamagedEntryError(f"{arrays_path} holds other arrays than its metadata lists")
        return arrays, meta

    # -- cells of sweeps ----------------------------------------------------------------------

    def cell_dir(self, exp: Experiment, cell: Cell) -> Path:
        """Where one cell of a sweep is kept: ``<results>/<experiment>/cells/<key>``."""
        return self.root / exp.name / "cells" / cell_key(exp.name, cell, exp.version, exp.cell_code)

    def read_cell(self, exp: Experiment, cell: Cell) -> tuple[dict[str, np.ndarray], dict] | None:
        """(arrays, meta) of a stored cell, None if absent; DamagedEntryError if damaged."""
        return self._read_entry(self.cell_dir(exp, cell), dict(cell.inputs))

    def cell_status(
        self, exp: Experiment, config: ExperimentConfig
    ) -> list[tuple[Cell, dict[str, Any] | None]]:
        """Every cell of a sweep with the metadata of its stored entry (None: not stored, or
        damaged, which a run recomputes)."""
        assert exp.sweep is not None
        out: list[tuple[Cell, dict[str, Any] | None]] = []
        for cell in exp.sweep.cells(config):
            try:
                found = self.read_cell(exp, cell)
            except DamagedEntryError:
                found = None
            out.append((cell, found[1] if found is not None else None))
        return out

    def stored_cells(self, exp: Experiment) -> list[Path]:
        """The cell entries of ``exp`` on disk (whatever sweep made them)."""
        cells = self.root / exp.name / "cells"
        return sorted(p for p in cells.glob("*") if p.is_dir() and not p.name.startswith("."))

    def _write_cell(
        self, exp: Experiment, cell: Cell, out: CellOutput, *, replace: bool = False
    ) -> None:
        entry = self.cell_dir(exp, cell)
        meta = {
            **_meta_head(exp, entry, dict(cell.inputs), _now(), exp.cell_code),
            "cell": dict(cell.settings),
            "device": out.device,
            "wall_time_s": out.wall_time_s,
            "worker": out.worker,
            "torch_threads": out.torch_threads,
        }
        # Two sweeps sharing a cell may both compute it: the first one written is kept
        # (unless --force asked for every cell anew).
        self._write_entry(entry, meta, out.arrays, replace=replace)

    # -- computing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self, exp: Experiment, config: ExperimentConfig) -> Iterator[None]:
        lock_path = self.entry_dir(exp, config).with_suffix(".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def get(
        self,
        exp: Experiment,
        config: ExperimentConfig,
        *,
        device: str = "auto",
        force: bool = False,
        ctx: RunContext | None = None,
        executor: Executor | None = None,
    ) -> Result:
        """Return the stored result, computing and storing it on a miss (or when ``force``).

        A sweep experiment is computed cell by cell by ``executor`` (default: here), reusing
        every stored cell unless ``force``."""
        # Read without the lock first (the common case: a hit), then again under it, since
        # another process may have finished this key while we waited. Report damage once.
        damage: list[str] = []
        if not force:
            cached = self._read_quietly(exp, config, damage)
            if cached is not None:
                return cached
        with self._locked(exp, config):
            if not force:
                cached = self._read_quietly(exp, config, damage)
                if cached is not None:
                    return cached
            if damage:
                self.warn(f"damaged result entry for '{exp.name}': {damage[0]}; recomputing")
            elif not force and self.made_by_older_code(exp, config):
                self.warn(
                    f"'{exp.name}': its code has changed since its stored result was computed "
                    "(same settings); computing it again"
                )
            return self._compute_and_write(exp, config, device, ctx, executor, force)

    def made_by_older_code(self, exp: Experiment, config: ExperimentConfig) -> bool:
        """Whether a stored result of ``exp`` has these settings and version but was computed
        by code that has changed since (its key is not this code's)."""
        settings = config.to_dict()
        for meta_path in (self.root / exp.name).glob(f"*/{META_FILE}"):
            try:
                meta = json.loads(meta_path.read_text())
            except (OSError, ValueError):
                continue
            if (
                meta.get("config") == settings
                and meta.get("version") == exp.version
                and meta.get("code") != exp.code
            ):
                return True
        return False

    def _read_quietly(
        self, exp: Experiment, config: ExperimentConfig, damage: list[str]
    ) -> Result | None:
        try:
            return self.read(exp, config)
        except DamagedEntryError as exc:
            damage.append(str(exc))
            return None

    def _compute_sweep(
        self,
        exp: Experiment,
        config: ExperimentConfig,
        device: str,
        ctx: RunContext,
        executor: Executor,
        force: bool,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Every cell from the store or the executor, then the assembled arrays and a summary."""
        assert exp.sweep is not None
        cells = exp.sweep.cells(config)
        outputs: list[Mapping[str, np.ndarray] | None] = [None] * len(cells)
        times: list[float] = [float("nan")] * len(cells)
        devices: set[str] = set()
        jobs = []
        for i, cell in enumerate(cells):
            stored = None
            if not force:
                try:
                    stored = self.read_cell(exp, cell)
                except DamagedEntryError as exc:
                    self.warn(
                        f"damaged cell of '{exp.name}' ({cell.describe()}): {exc}; recomputing"
                    )
            if stored is not None:
                outputs[i], times[i] = stored[0], float(stored[1]["wall_time_s"])
                devices.add(str(stored[1]["device"]))
            else:
                key = cell_key(exp.name, cell, exp.version, exp.cell_code)
                jobs.append(Job(i, cell, key, exp.sweep.run_cell, device, exp.uses_device))
        reused = len(cells) - len(jobs)
        failed: list[str] = []
        label = f"{exp.name}: cells" + (f" ({reused} stored)" if reused else "")
        done = 0
        try:
            for job, outcome in ctx.progress(executor.run(jobs, ctx), label, total=len(jobs)):
                if isinstance(outcome, BaseException):
                    failed.append(describe_failure(job.cell, outcome))
                    continue
                self._write_cell(exp, job.cell, outcome, replace=force)
                outputs[job.index], times[job.index] = outcome.arrays, outcome.wall_time_s
                devices.add(outcome.device)
                done += 1
        except KeyboardInterrupt:
            kept = reused + done
            self.warn(
                f"{exp.name}: interrupted with {kept} of {len(cells)} cells stored; they are "
                f"kept: run again to compute the other {len(cells) - kept}"
            )
            raise
        if failed:
            raise SweepError(
                f"{exp.name}: {len(failed)} of {len(cells)} cells failed "
                f"(the other {len(cells) - len(failed)} are stored; run again to retry the "
                "failed ones):\n  " + "\n  ".join(failed)
            )
        raw = exp.sweep.assemble(config, [o for o in outputs if o is not None])
        summary = {
            "device": "+".join(sorted(devices)) or "cpu",
            "cells": {
                "total": len(cells),
                "computed": len(jobs),
                "reused": reused,
                "executor": executor.describe(),
                "wall_time_s": times,
            },
        }
        return raw, summary

    def _compute_and_write(
        self,
        exp: Experiment,
        config: ExperimentConfig,
        device: str,
        ctx: RunContext | None,
        executor: Executor | None = None,
        force: bool = False,
    ) -> Result:
        ctx = ctx or RunContext()
        started = time.perf_counter()
        created = _now()
        extra: dict[str, Any] = {}
        if exp.sweep is not None:
            executor = executor or LocalExecutor()
            if exp.uses_device:
                executor.check_device(device)
            raw, extra = self._compute_sweep(exp, config, device, ctx, executor, force)
            resolved = extra.pop("device")
        else:
            resolved = resolve_device(device) if exp.uses_device else "cpu"
            ctx.device = resolved
            apply_allocator_settings()  # as a sweep's cells get in compute_cell
            raw = exp.fn(config, ctx)
        wall = time.perf_counter() - started

        entry = self.entry_dir(exp, config)
        meta = {
            **_meta_head(exp, entry, config.to_dict(), created, exp.code),
            "seed": getattr(config, "seed", None),
            "device": resolved,
            "wall_time_s": round(wall, 4),
            "git_commit": _git_commit(),
            **extra,
        }
        arrays, meta = self._write_entry(entry, meta, raw, replace=True)
        return Result(exp.name, config, arrays, meta, entry, fresh=True)

    def _write_entry(
        self,
        entry: Path,
        meta: dict[str, Any],
        raw: Mapping[str, Any],
        *,
        replace: bool,
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Write an entry whole or not at all: into a temporary directory, renamed into place.

        ``replace``: an entry already there (damaged, or --force) is swapped out; otherwise the
        one already there is kept. Returns the arrays and the metadata as written."""
        arrays = {k: _to_storable(k, v) for k, v in raw.items()}
        meta = {
            **meta,
            "arrays": {
                k: {"shape": list(v.shape), "dtype": str(v.dtype)} for k, v in arrays.items()
            },
        }
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.parent / f".tmp-{entry.name}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir(parents=True)
        try:
            arrays_path = tmp / ARRAYS_FILE
            with open(arrays_path, "wb") as fh:
                np.savez(fh, allow_pickle=False, **arrays)
                fh.flush()
                os.fsync(fh.fileno())
            meta["arrays_sha256"] = _sha256_file(arrays_path)
            with open(tmp / META_FILE, "w") as fh:
                json.dump(meta, fh, indent=2, allow_nan=False)
                fh.flush()
                os.fsync(fh.fileno())
            old = None
            if entry.exists():
                if not replace:
                    try:
                        self._read_entry(entry, meta["config"])
                        return arrays, meta  # a whole entry is already there: keep it
                    except DamagedEntryError:
                        pass
                # a damaged entry, or --force: move it aside, then swap in
                old = entry.parent / f".old-{entry.name}-{uuid.uuid4().hex[:8]}"
                os.rename(entry, old)
            os.rename(tmp, entry)
            _fsync_dir(entry.parent)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return arrays, meta


def _meta_head(
    exp: Experiment, entry: Path, config: Mapping[str, Any], created: str, code: str
) -> dict:
    """What every entry's metadata starts with, a result's or a cell's."""
    return {
        "format": STORE_FORMAT,
        "experiment": exp.name,
        "version": exp.version,
        "code": code,
        "key": entry.name,
        "config": config,
        "created": created,
        "packages": _package_versions(),
        "platform": platform.platform(),
    }


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def cell_key(name: str, cell: Cell, version: int, code: str) -> str:
    """Stable hash of (experiment name, the cell's inputs, experiment version, the fingerprint
    of the cell function's code)."""
    payload = {"experiment": name, "cell": dict(cell.inputs), "version": version, "code": code}
    return _key_of(payload)


def make_config(
    name: str, preset: str = "quick", overrides: Mapping[str, Any] | None = None
) -> ExperimentConfig:
    """The config of experiment ``name`` at ``preset`` with ``overrides`` applied."""
    return get_experiment(name).config(preset, dict(overrides or {}))


def load(
    name: str,
    config: ExperimentConfig | None = None,
    *,
    preset: str = "quick",
    overrides: Mapping[str, Any] | None = None,
    device: str = "auto",
    store: ResultStore | None = None,
    ctx: RunContext | None = None,
) -> Result:
    """The one way figures and scenes get data: the stored result, computed on a miss.

    Parameters
    ----------
    name
        Registered experiment name.
    config
        A config instance; if omitted it is built from ``preset`` and ``overrides``.
    """
    exp = get_experiment(name)
    if config is None:
        config = exp.config(preset, dict(overrides or {}))
    elif not isinstance(config, exp.config_cls):
        raise TypeError(f"config for {name!r} must be a {exp.config_cls.__name__}")
    return (store or ResultStore()).get(exp, config, device=device, ctx=ctx)
