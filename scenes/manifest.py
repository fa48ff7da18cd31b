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
        name="ball-slicing",
        module="clt",
        cls="BallSlicing",
        description="a plane sweeps through a 3-D ball; the slice volume (1-x^2)^(n/2) for "
        "growing n, rescaled, morphs onto the Gaussian; the TV distance read from the result",
        needs=("ball-slices",),
    ),
    SceneSpec(
        name="cube-clt",
        module="clt",
        cls="CubeMarginal",
        description="the Bernoulli CLT as the marginal of the cube: vertices projected on the "
        "diagonal, binomial histograms for n = 1, 2, 4, ..., then four convex bodies alike",
        needs=("cube-clt", "convex-marginals"),
    ),
    SceneSpec(
        name="concentration",
        module="concentration",
        cls="Concentration",
        description="a sphere with an equatorial band holding most of the area as d grows; caps "
        "as extremal sets; a Lipschitz function's histogram narrowing like 1/sqrt(d)",
        needs=("concentration",),
    ),
    SceneSpec(
        name="smooth-interpolation",
        module="robustness",
        cls="SmoothInterpolation",
        description="noisy points fitted with p = n parameters (spiky, large Lip) and with many "
        "(smooth); the steepest slope shown as the Lipschitz constant",
        needs=("toy-fits",),
    ),
    SceneSpec(
        name="law-of-robustness",
        module="robustness",
        cls="LawOfRobustness",
        description="measured Lipschitz constant against p for three model families, point by "
        "point, with the sqrt(nd/p) scaling, p = n and p = nd, then the theorem",
        needs=("smoothness-curve",),
    ),
    SceneSpec(
        name="how-big",
        module="prediction",
        cls="HowBig",
        description="a log axis of parameter counts: the classical rule, the law's n*d for "
        "MNIST and ImageNet, robust models observed, GPT-3",
        needs=("law-prediction",),
    ),
)


def get_scene(name: str) -> SceneSpec:
    for spec in SCENES:
        if spec.name == name:
            return spec
    raise unknown_name("scene", name, [s.name for s in SCENES])
