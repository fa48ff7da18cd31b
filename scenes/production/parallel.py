"""One piece of work per scene, several scenes at once, and every failure reported.

A scene's work (its video, its light frames, its script) is in two parts:

1. **prepare**, in the calling thread, one scene after another: decide what must be done. This
   is where everything that reads Python source happens: a stamp follows the scene's imports by
   parsing them, and the registries find a name the same way. CPython 3.11's ``ast.parse`` is
   not thread-safe ("SystemError: AST constructor recursion depth mismatch", cpython#106905;
   ``make render`` failed that way on a fresh clone), so none of it may run in a pool.
2. **the work** prepare returns, in a thread of a pool: a child process and files only.

A scene that fails does not stop the others: every scene that can be done is, and the failures
come back together, each as one line (:class:`SceneFailuresError`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Generic, TypeVar

from experiments.core.errors import MissingToolError, UserError
from scenes.kit.chapter import Chapter

R = TypeVar("R")
Work = Callable[[], R]  # what is left to do for a scene once it is prepared: no Python parsing


@dataclass(frozen=True)
class SceneFailure:
    """Scene ``scene`` could not be done: ``error`` says why."""

    scene: str
    error: Exception

    @property
    def line(self) -> str:
        """One line: the runner's own messages already name the scene and its log."""
        text = " ".join(str(self.error).split()) or self.error.__class__.__name__
        if f"'{self.scene}'" in text:
            return text
        return f"scene '{self.scene}': {self.error.__class__.__name__}: {text}"


class SceneFailuresError(Exception):
    """Some scenes failed after everything else that could be done was done."""

    def __init__(self, failures: Sequence[SceneFailure]) -> None:
        self.failures = tuple(failures)
        names = ", ".join(f.scene for f in self.failures)
        super().__init__(f"{len(self.failures)} scene(s) failed: {names}")


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What :func:`each_scene` did: the scenes done (in the order given) and those that failed."""

    done: list[tuple[Chapter, R]]
    failures: list[SceneFailure]

    def results(self) -> list[R]:
        """Every scene's result, in order; :class:`SceneFailuresError` if any scene failed."""
        if self.failures:
            raise SceneFailuresError(self.failures)
        return [result for _, result in self.done]


def each_scene(
    specs: Sequence[Chapter],
    prepare: Callable[[Chapter], Work[R]],
    jobs: int | None = None,
    done: Callable[[Chapter], None] | None = None,
) -> Outcome[R]:
    """``prepare(spec)`` for every scene here, one after another, then the work each returns in
    a pool of ``jobs`` threads (the number of cores if None); ``done(spec)`` after each scene.

    A :class:`UserError` or :class:`MissingToolError` from ``prepare`` (a bad setting, a missing
    tool) ends everything at once, as it concerns every scene; any other exception is that
    scene's failure, and the other scenes go on."""
    prepared: list[tuple[Chapter, Work[R]]] = []
    failures: dict[str, SceneFailure] = {}
    for spec in specs:
        try:
            prepared.append((spec, prepare(spec)))
        except (UserError, MissingToolError):
            raise
        except Exception as exc:
            failures[spec.name] = SceneFailure(spec.name, exc)
            if done is not None:
                done(spec)
    results: dict[str, R] = {}
    if prepared:
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            futures = {pool.submit(work): spec for spec, work in prepared}
            for future in as_completed(futures):
                spec = futures[future]
                try:
                    results[spec.name] = future.result()
                except Exception as exc:
                    failures[spec.name] = SceneFailure(spec.name, exc)
                if done is not None:
                    done(spec)
    return Outcome(
        [(s, results[s.name]) for s in specs if s.name in results],
        [failures[s.name] for s in specs if s.name in failures],
    )
