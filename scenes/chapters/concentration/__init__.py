"""The chapter "Almost all of the sphere is near the equator":
its declaration (its scene: scene.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenes.kit.chapter import Chapter


def check(configs: Mapping[str, Any]) -> str | None:
    if len(configs["concentration"].dims) < 2:
        return "needs at least two dimensions in dims to compare"
    return None


CHAPTER = Chapter(
    title="Almost all of the sphere is near the equator",
    scene="Concentration",
    needs=("concentration",),
    figures=("band-measure",),
    check=check,
    caption=(
        r"On a turning sphere the band $|x_1| \leq t$ around the equator widens, its share live; "
        r"bars give that band's share of $S^{d-1}$ as $d$ grows: it tends to 1. The share against "
        r"the half-width $t$ for several $d$ jumps within $t \sim 1/\sqrt{d}$; stretched by "
        r"$\sqrt{d}$, every curve lands on $2\Phi(s)-1$."
    ),
)
