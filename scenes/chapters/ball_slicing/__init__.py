"""The chapter "A coordinate of a high-dimensional ball is Gaussian":
its declaration (its scene: scene.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenes.kit.chapter import Chapter, Explorable, listed


def check(configs: Mapping[str, Any]) -> str | None:
    dims = configs["ball-slices"].dims
    if 3 not in dims or max(dims) <= 3:
        return (
            "needs d = 3 in dims (the 3-D ball it slices) and a larger d to grow to "
            f"(got dims={listed(dims)})"
        )
    return None


CHAPTER = Chapter(
    title="A coordinate of a high-dimensional ball is Gaussian",
    scene="BallSlicing",
    needs=("ball-slices",),
    figures=("ball-slice-densities", "ball-slice-distances", "clt-distances"),
    check=check,
    explorable=Explorable(
        title="Slice the ball in any dimension",
        hint=(
            "Raise d from 1 to 1000 and watch the rescaled slice profile land on the dashed "
            "Gaussian while the total variation falls, for large d like 0.35/(d+2); then move "
            "the slice height x and compare the slice's size with the Gaussian's e^(−z²/2) at "
            "the same z. "
            "d moves continuously: the formulas hold for every real d."
        ),
    ),
    caption=(
        r"A plane sweeps through a turning ball while a graph traces the slice area $\pi(1-x^2)$. "
        r"The dimension $d$ then grows continuously from 3: the profile $(1-x^2)^{(d-1)/2}$ "
        r"narrows, a bracket of $\pm 1/\sqrt{d+2}$ with it. The $x$ axis stretches by "
        r"$\sqrt{d+2}$ and the spike widens into a bell that lands on the dashed "
        r"$\mathcal{N}(0,1)$; $d$ runs again with the exact total variation distance live, "
        r"$\mathrm{TV} \approx 0.35/(d+2)$. Last, the reason line by line: $x = z/\sqrt{d+2}$ "
        r"(the variance of $x$ is $1/(d+2)$), $\log(1-u) \approx -u$ and $(d-1)/(d+2) \to 1$ turn "
        r"$(1-x^2)^{(d-1)/2}$ into $e^{-z^2/2}$, the curve's shape."
    ),
)
