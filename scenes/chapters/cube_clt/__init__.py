"""The chapter "Coin flips are the shadow of a cube": its declaration (its scene: scene.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenes.kit.chapter import Chapter, listed


def check(configs: Mapping[str, Any]) -> str | None:
    dims = configs["cube-clt"].histogram_dims
    if 3 not in dims or max(dims) <= 3:
        return (
            "needs d = 3 in histogram_dims (the 3-D cube it projects) and a larger d "
            f"(got histogram_dims={listed(dims)})"
        )
    return None


CHAPTER = Chapter(
    title="Coin flips are the shadow of a cube",
    scene="CubeMarginal",
    needs=("cube-clt", "convex-marginals"),
    figures=("cube-clt-histograms", "convex-marginals", "convex-kolmogorov"),
    check=check,
    caption=(
        r"The cube $\{-1,1\}^3$ turns about its diagonal $u$; its vertices drop onto $u$ and "
        r"stack 1, 3, 3, 1; the stacks become the histogram of $\langle x,u\rangle = "
        r"(x_1+x_2+x_3)/\sqrt{3}$. The dimension $d$ steps up, the bars approaching "
        r"$\mathcal{N}(0,1)$, with the exact Kolmogorov distance $D_d$ and the Berry–Esseen bound "
        r"$0.4748/\sqrt{d}$ live. Then four isotropic convex bodies (cube, ball, simplex, "
        r"cross-polytope) cast Gaussian shadows along random directions (sampled, with the "
        r"sample's noise floor); towards a vertex, the simplex's shadow is not Gaussian."
    ),
)
