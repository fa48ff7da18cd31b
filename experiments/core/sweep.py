"""Sweeps: experiments computed as a grid of independent cells, here or on a Dask cluster.

A sweep experiment (``smoothness-curve``, ``law-scaling``, ``parameters-needed``,
``fixed-function``) declares a :class:`Sweep`: the list of its cells for a config, a pure function
that computes one cell, and a function that assembles the sweep's result from its cells' arrays.
A cell is, for example, one data set (n, d, seed) with every width of one model family trained as
one batch, so the batching speed-up stays inside the cell.

The result store (``experiments.core.store``) keeps every cell under its own key, a hash of the
cell's *inputs* (everything its numbers depend on, never the rest of the grid), so:

- an interrupted sweep, run again, computes only the cells that are missing;
- a grid grown by a point (another n, d or seed) computes only the new cells;
- a cell that raises is reported by its settings, and the others are stored all the same.

Executors run the missing cells and hand each result back as it completes; only this process
writes the store. :class:`LocalExecutor` runs them one after the other in this process.
:class:`DaskExecutor` runs them on Dask distributed: a ``LocalCluster`` of N worker processes, or a
running cluster by its scheduler address (for example ``dask-jobqueue``'s ``SLURMCluster``). A
worker that dies mid-cell costs only that cell: the scheduler gives it to another worker. Every
cell computes the same arrays whichever executor runs it: same seeds, and no state shared between
cells.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.util
import logging
import os
import platform
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from experiments.core.errors import UserError
from experiments.core.registry import RunContext, resolve_device

CellFn = Callable[[Mapping[str, Any], RunContext], dict[str, Any]]
EXECUTORS = ("local", "dask")
# Every cell computes with one torch thread, wherever it runs: torch splits large reductions
# and products among its threads, so the thread count changes the rounding, and training
# amplifies rounding (one cell of parameters-needed: Lip up to 16 % apart between 1 and 2
# threads). One thread makes a cell's numbers the same in this process, on any worker and on a
# machine with any number of cores; cores are used by running cells side by side.
CELL_TORCH_THREADS = 1


@dataclass(frozen=True)
class Cell:
    """One cell of a sweep.

    Attributes
    ----------
    settings
        What tells the cell apart in its grid, e.g. ``{"n": 100, "d": 10, "seed": 2}``; shown in
        progress and error messages.
    inputs
        Everything the cell's numbers depend on (JSON-able): its key in the store. Two cells with
        the same inputs compute the same arrays, whatever grid they belong to.
    """

    settings: Mapping[str, Any]
    inputs: Mapping[str, Any]

    def describe(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.settings.items())


@dataclass(frozen=True)
class Sweep:
    """How an experiment splits into cells and is put back together.

    Attributes
    ----------
    cells
        ``config -> [Cell, ...]`` in a fixed order.
    run_cell
        ``(inputs, ctx) -> dict of arrays``: a module-level function (workers import it by name).
    assemble
        ``(config, [arrays of each cell, in the order of cells(config)]) -> dict of arrays``.
    """

    cells: Callable[[Any], list[Cell]]
    run_cell: CellFn
    assemble: Callable[[Any, list[Mapping[str, np.ndarray]]], dict[str, Any]]

    def run_here(self, config: Any, ctx: RunContext) -> dict[str, Any]:
        """Compute every cell in this process, without the store, and assemble the result
        (each cell as the store's executors compute it: one torch thread, on ``ctx.device``)."""
        outputs: list[Mapping[str, np.ndarray]] = [
            compute_cell(self.run_cell, cell.inputs, ctx.device, True, track=ctx.track).arrays
            for cell in self.cells(config)
        ]
        return self.assemble(config, outputs)


# --- one cell, wherever it runs ---------------------------------------------------------------


@dataclass(frozen=True)
class CellOutput:
    """What computing a cell gives back: its arrays and where and how long it ran."""

    arrays: dict[str, np.ndarray]
    wall_time_s: float
    device: str
    worker: str
    torch_threads: int


# glibc's allocator settings for training: (environment variable, mallopt parameter from glibc's
# malloc.h, value). A training step of the paper preset's heaviest cells makes ~107 MB (m, P)
# temporaries; above the mmap threshold (glibc adapts it up to 32 MiB at most) each is mapped from
# the OS and unmapped again, ~500k page faults a step. Served from a heap that is kept (trim
# threshold) and grown in large steps (top pad), a step runs 2.2-2.5x faster (issue 31), with the
# same numbers: the allocator decides where memory lies, never what is computed in it.
ALLOCATOR_SETTINGS = (
    ("MALLOC_MMAP_THRESHOLD_", -3, 1 << 30),
    ("MALLOC_TRIM_THRESHOLD_", -1, 1 << 30),
    ("MALLOC_TOP_PAD_", -2, 64 << 20),
)
# A thread other than the main one allocates from an arena of its own whose heaps hold at most
# 64 MiB: larger blocks are mapped whatever the threshold. A Dask worker computes its cells in
# such a thread, so it is started with one arena (read by glibc at start-up only).
WORKER_ENVIRON = {"MALLOC_ARENA_MAX": "1", **{env: str(v) for env, _, v in ALLOCATOR_SETTINGS}}


class _AppliedOnce:
    """What :func:`apply_allocator_settings` set in this process (None: not yet). Kept in an
    object, not a module-level value, because the code fingerprint of an experiment hashes the
    values of the globals its code reads: a value that changes at run time would change the
    fingerprint and recompute stored results that are still current."""

    settings: dict[str, int] | None = None


_ALLOCATOR = _AppliedOnce()


def _dask_environ() -> dict[str, str]:
    """What Dask's nanny puts in a worker's environment (``MALLOC_TRIM_THRESHOLD_=65536``)."""
    try:
        import dask

        environ = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    except ImportError:
        return {}
    return {str(k): str(v) for k, v in environ.items()}


def apply_allocator_settings() -> dict[str, int]:
    """Set glibc's malloc for training in this process (:data:`ALLOCATOR_SETTINGS`): large
    temporaries come from a heap that is kept, not from fresh mappings. Returns what was set.

    A ``MALLOC_*`` variable the user set is left as it is (glibc read it at start-up); a value
    Dask's nanny sets (its ``MALLOC_TRIM_THRESHOLD_=65536`` turns glibc's adaptive mmap threshold
    off; it lands in the worker and in the process that started it) or ours is overridden. Not
    glibc (macOS, Windows, musl): a no-op that returns ``{}``. Applied once per process."""
    if _ALLOCATOR.settings is not None:
        return _ALLOCATOR.settings
    applied: dict[str, int] = {}
    libc = None
    if platform.libc_ver()[0] == "glibc":
        with contextlib.suppress(OSError):
            libc = ctypes.CDLL("libc.so.6")
    if libc is not None:
        not_users = _dask_environ()
        for env, param, value in ALLOCATOR_SETTINGS:
            set_to = os.environ.get(env)
            if set_to is not None and set_to not in (not_users.get(env), str(value)):
                continue  # the user's own setting
            if libc.mallopt(param, value) == 1:
                applied[env] = value
    _ALLOCATOR.settings = applied
    return applied


def worker_environ() -> dict[str, str]:
    """The environment a Dask worker starts with: Dask's own, then :data:`WORKER_ENVIRON` (on
    glibc) for what the user has not set in this process's environment."""
    environ = _dask_environ()
    if platform.libc_ver()[0] == "glibc":
        for env, value in WORKER_ENVIRON.items():
            if os.environ.get(env) in (None, environ.get(env), value):  # not the user's
                environ[env] = value
    return environ


def compute_cell(
    run_cell: CellFn,
    inputs: Mapping[str, Any],
    device: str,
    uses_device: bool,
    track: Callable[..., Iterable[Any]] | None = None,
) -> CellOutput:
    """Compute one cell here, with :data:`CELL_TORCH_THREADS` torch threads (the caller's own
    count is restored afterwards), on the resolved device, timed. The arrays come back as NumPy
    arrays, the only thing that leaves a worker."""
    import torch

    apply_allocator_settings()
    resolved = resolve_device(device) if uses_device else "cpu"
    ctx = RunContext(device=resolved) if track is None else RunContext(resolved, track)
    previous = torch.get_num_threads()
    torch.set_num_threads(CELL_TORCH_THREADS)
    try:
        started = time.perf_counter()
        raw = run_cell(inputs, ctx)
        wall = time.perf_counter() - started
    finally:
        torch.set_num_threads(previous)
    arrays = {k: np.asarray(v) for k, v in raw.items()}
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return CellOutput(arrays, round(wall, 4), resolved, worker, CELL_TORCH_THREADS)


def code_fingerprint(module: str) -> str:
    """SHA-256 of a module's source file: a worker must run the code this process runs."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "missing"
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()


# --- executors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """A cell to compute: its position in the sweep, the cell, and how to compute it."""

    index: int
    cell: Cell
    key: str
    run_cell: CellFn
    device: str
    uses_device: bool


Outcome = tuple[Job, CellOutput | BaseException]


class LocalExecutor:
    """Every cell in this process, one after the other (the default)."""

    name = "local"

    def describe(self) -> str:
        return "local"

    def check_device(self, device: str) -> None:
        resolve_device(device)  # no GPU here: say so before any cell starts

    def run(self, jobs: Sequence[Job], ctx: RunContext) -> Iterator[Outcome]:
        for job in jobs:
            try:
                out = compute_cell(
                    job.run_cell, job.cell.inputs, job.device, job.uses_device, track=ctx.track
                )
            except Exception as exc:  # reported with the cell's settings; the others go on
                yield job, exc
            else:
                yield job, out


@dataclass
class DaskExecutor:
    """Cells as Dask tasks: on a new ``LocalCluster`` of ``workers`` processes, or on the running
    cluster whose scheduler is at ``scheduler`` (``tcp://host:8786``).

    A task slot runs one cell at a time with one torch thread: a LocalCluster worker has one
    slot, so N workers use N cores; a worker of a running cluster should have as many slots as
    cores (``--nthreads``, or dask-jobqueue's ``cores`` with ``processes=1``). A LocalCluster's
    workers start with :data:`WORKER_ENVIRON`; start a running cluster's workers with it too.
    """

    workers: int | None = None
    scheduler: str | None = None
    connect_timeout_s: float = 30.0

    name = "dask"

    def __post_init__(self) -> None:
        if (self.workers is None) == (self.scheduler is None):
            raise UserError("--executor dask needs either --workers N or --scheduler ADDRESS")
        if self.workers is not None and self.workers < 1:
            raise UserError(f"--workers must be at least 1 (got {self.workers})")

    def describe(self) -> str:
        if self.scheduler is not None:
            return f"dask (scheduler {self.scheduler})"
        return f"dask ({self.workers} local worker{'s' if self.workers != 1 else ''})"

    def check_device(self, device: str) -> None:
        """The workers, not this process, need the GPU: each cell checks on its worker."""

    @contextlib.contextmanager
    def _client(self) -> Iterator[Any]:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                client = Client(self.scheduler, timeout=f"{self.connect_timeout_s}s")
            except (OSError, TimeoutError) as exc:
                raise UserError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({exc})"
                ) from None
            with client:
                yield client
            return
        assert self.workers is not None
        import dask

        with (
            # the nanny sets these before it starts a worker: glibc reads them at start-up
            dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environ()}),
            LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client

    def _check_code(self, client: Any, modules: set[str]) -> None:
        """Every worker must import the same experiment code as this process."""
        for module in sorted(modules):
            mine = code_fingerprint(module)
            theirs = client.run(code_fingerprint, module)
            differ = sorted(addr for addr, fp in theirs.items() if fp != mine)
            if differ:
                raise UserError(
                    f"Dask workers {', '.join(differ)} run other code for {module} than this "
                    "process (start them from this checkout, with its .venv)"
                )

    def run(self, jobs: Sequence[Job], ctx: RunContext) -> Iterator[Outcome]:
        if not jobs:
            return
        from distributed import as_completed

        with self._client() as client:
            self._check_code(client, {job.run_cell.__module__ for job in jobs})
            futures = {
                client.submit(
                    compute_cell,
                    job.run_cell,
                    dict(job.cell.inputs),
                    job.device,
                    job.uses_device,
                    key=f"cell-{job.key}",
                    pure=False,
                ): job
                for job in jobs
            }
            for future in as_completed(futures):
                job = futures.pop(future)
                try:
                    outcome: CellOutput | BaseException = future.result()
                except Exception as exc:  # the cell raised, or its workers kept dying
                    outcome = exc
                # Fetched: let the cluster forget it, or a worker lost later would make the
                # scheduler compute it again for a result no one needs any more.
                future.release()
                yield job, outcome


Executor = LocalExecutor | DaskExecutor


def make_executor(name: str, workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor a user asked for; a :class:`UserError` for options that do not go together."""
    if name == "local":
        if workers is not None or scheduler is not None:
            raise UserError("--workers and --scheduler go with --executor dask")
        return LocalExecutor()
    if name == "dask":
        return DaskExecutor(workers=workers, scheduler=scheduler)
    from experiments.core.errors import unknown_name

    raise unknown_name("executor", name, EXECUTORS)


def describe_failure(cell: Cell, exc: BaseException) -> str:
    """One line for a failed cell: its settings and the error."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{cell.describe()}: {exc.__class__.__name__}" + (f": {text}" if text else "")


class SweepError(UserError):
    """Some cells failed; the others are stored."""
