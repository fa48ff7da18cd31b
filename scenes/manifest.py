"""The ordered list of scenes: talk order for videos, slides and the gallery alike.

Plain data, no manim import, so the command line can list and validate names quickly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments.errors import UserError, unknown_name

SCENES_DIR = Path(__file__).resolve().parent
# The runner passes a scene the --set values of its experiments as JSON in this variable:
# {"experiment": {"setting": "value"}}.
SCENE_SET_ENV = "HIDIM_SCENE_SET"


# A check of the configurations a scene would read (experiment name -> config): the reason it
# cannot show them, or None when it can.
ConfigCheck = Callable[[Mapping[str, Any]], str | None]


@dataclass(frozen=True)
class SceneSpec:
    """A scene: its name, module file, class, what it shows and the experiments it reads."""

    name: str
    module: str
    cls: str
    description: str
    needs: tuple[str, ...]
    check: ConfigCheck | None = None
    # the chapter's title in the talk (the storyboard's line) and the paper figures that belong
    # to it, in the order the gallery shows them
    title: str = ""
    figures: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return SCENES_DIR / f"{self.module}.py"

    def require(self, configs: Mapping[str, Any]) -> None:
        """A :class:`UserError` (one line, exit 2) if the scene cannot show these configs."""
        problem = self.check(configs) if self.check is not None else None
        if problem:
            raise UserError(f"scene '{self.name}' {problem}")


def _values(values: tuple[Any, ...]) -> str:
    return ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


def _ball_slicing(configs: Mapping[str, Any]) -> str | None:
    dims = configs["ball-slices"].dims
    if 3 not in dims or max(dims) <= 3:
        return (
            "needs d = 3 in dims (the 3-D ball it slices) and a larger d to grow to "
            f"(got dims={_values(dims)})"
        )
    return None


def _cube_clt(configs: Mapping[str, Any]) -> str | None:
    dims = configs["cube-clt"].histogram_dims
    if 3 not in dims or max(dims) <= 3:
        return (
            "needs d = 3 in histogram_dims (the 3-D cube it projects) and a larger d "
            f"(got histogram_dims={_values(dims)})"
        )
    return None


def _concentration(configs: Mapping[str, Any]) -> str | None:
    if len(configs["concentration"].dims) < 2:
        return "needs at least two dimensions in dims to compare"
    return None


def _isoperimetry(configs: Mapping[str, Any]) -> str | None:
    dims = configs["isoperimetry"].dims
    if not 1 <= len(dims) <= 5:  # one series colour each (assets/theme.json, "sequence")
        return f"draws one to five dimensions of isoperimetry (got dims={_values(dims)})"
    tails = configs["concentration"].dims
    if not {10, 100, 1000} & set(tails):
        return (
            "draws the tails of d = 10, 100 or 1000: concentration's dims needs one of them "
            f"(got dims={_values(tails)})"
        )
    return None


SCENES: tuple[SceneSpec, ...] = (
    SceneSpec(
        name="ball-slicing",
        title="A coordinate of a high-dimensional ball is Gaussian",
        figures=("ball-slice-densities", "ball-slice-distances", "clt-distances"),
        module="ball",
        cls="BallSlicing",
        description="a plane sweeps through a turning 3-D ball while the slice area is traced; "
        "the profile (1-x^2)^((d-1)/2) narrows as d grows; stretched by sqrt(d+2) it lands on "
        "N(0,1), with the exact TV distance",
        needs=("ball-slices",),
        check=_ball_slicing,
    ),
    SceneSpec(
        name="cube-clt",
        title="Coin flips are the shadow of a cube",
        figures=("cube-clt-histograms", "convex-marginals", "convex-kolmogorov"),
        module="cube",
        cls="CubeMarginal",
        description="the Bernoulli CLT as the cube's shadow: a turning cube's vertices drop onto "
        "its diagonal and stack into the d = 3 histogram; d grows to 256 with the exact "
        "Kolmogorov distance; four convex bodies cast Gaussian shadows, except along a vertex",
        needs=("cube-clt", "convex-marginals"),
        check=_cube_clt,
    ),
    SceneSpec(
        name="concentration",
        title="Almost all of the sphere is near the equator",
        figures=("band-measure",),
        module="concentration",
        cls="Concentration",
        description="the band |x_1| <= t widens on a turning sphere; its share of S^(d-1) for "
        "growing d; share against t for several d, narrowing like 1/sqrt(d) and collapsing onto "
        "2 Phi(s) - 1 once stretched by sqrt(d)",
        needs=("concentration",),
        check=_concentration,
    ),
    SceneSpec(
        name="isoperimetry",
        title="Caps grow the least",
        figures=("isoperimetry", "concentration-tails", "gaussian-concentration"),
        module="isoperimetry",
        cls="Isoperimetry",
        description="two antipodal caps and one cap of the same area grow their t-neighbourhoods "
        "on turning spheres while both shares are traced (the cap's is the smaller: Levy); the "
        "hemisphere's neighbourhoods against 1 - e^(-d t^2/2); tails of a 1-Lipschitz function "
        "against Levy's bound on a log axis",
        needs=("isoperimetry", "concentration"),
        check=_isoperimetry,
    ),
    SceneSpec(
        name="smooth-interpolation",
        title="Fitting noise is easy; fitting it smoothly is not",
        figures=("toy-fits",),
        module="robustness",
        cls="SmoothInterpolation",
        description="noisy points traced exactly by p = n random features (every point hit, the "
        "y axis stretching to the spike) and by many (smooth); a sliding slope stops at the "
        "steepest piece, Lip; the broken line is the floor; in d = 1, nd = n: not yet the law",
        needs=("toy-fits",),
    ),
    SceneSpec(
        name="law-of-robustness",
        title="Smoothness costs $nd$ parameters",
        figures=("interpolation-curve", "smoothness-curve", "law-collapse", "parameters-needed"),
        module="robustness",
        cls="LawOfRobustness",
        description="the data (points on a sphere, labels +-1); measured Lip against p for three "
        "model families, each curve growing across the frame, p = n, p = nd, the law's "
        "sqrt(nd/p) and the data's floor; a grid of (n, d) slides from p to p/(nd), with the "
        "fitted slope and its bootstrap interval against the law's 1/2",
        needs=("smoothness-curve", "law-scaling"),
    ),
    SceneSpec(
        name="why-the-law",
        title="Isoperimetry + counting",
        figures=("fixed-function",),
        module="why",
        cls="WhyTheLaw",
        description="why the law holds: one fixed smooth f = L x_1 on the sphere against n random "
        "signs, the exact law of S = (1/n) sum f(x_i) y_i over all 2^n sign patterns narrowing "
        "like L/sqrt(nd), far below the eps/2 a fit needs; a net of e^(p log(...)) functions and "
        "the union bound; hence Lip >~ sqrt(nd/p); Theorem 3 in short",
        needs=("fixed-function", "smoothness-curve"),
    ),
    SceneSpec(
        name="how-big",
        title="How big is big enough?",
        figures=("law-prediction",),
        module="prediction",
        cls="HowBig",
        description="MNIST and ImageNet together on one log axis of parameter counts: the "
        "classical n, the law's n*d, robust models observed, n*d_eff (MNIST's inferred from the "
        "observed sizes, ImageNet's our reading of the paper's words, and its own >= 1e10-1e11), "
        "GPT-3",
        needs=("law-prediction",),
    ),
)


def get_scene(name: str) -> SceneSpec:
    for spec in SCENES:
        if spec.name == name:
            return spec
    raise unknown_name("scene", name, [s.name for s in SCENES])
