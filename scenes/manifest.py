"""The ordered list of scenes: talk order for videos, slides and the gallery alike.

Plain data, no manim import, so the command line can list and validate names quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from experiments.errors import unknown_name

SCENES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SceneSpec:
    """A scene: its name, module file, class, what it shows and the experiments it reads."""

    name: str
    module: str
    cls: str
    description: str
    needs: tuple[str, ...]

    @property
    def path(self) -> Path:
        return SCENES_DIR / f"{self.module}.py"


SCENES: tuple[SceneSpec, ...] = (
    SceneSpec(
        name="ball-slice-densities",
        module="ball_slices",
        cls="BallSliceDensities",
        description="rescaled density of one coordinate of the ball B^m morphing onto N(0,1) as m "
        "grows, with the TV distance read from the result",
        needs=("ball-slices",),
    ),
)


def get_scene(name: str) -> SceneSpec:
    for spec in SCENES:
        if spec.name == name:
            return spec
    raise unknown_name("scene", name, [s.name for s in SCENES])
