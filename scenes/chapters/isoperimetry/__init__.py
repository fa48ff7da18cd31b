"""The chapter "Caps grow the least": its declaration (its scene: scene.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenes.kit.chapter import Chapter, Explorable, listed


def check(configs: Mapping[str, Any]) -> str | None:
    dims = configs["isoperimetry"].dims
    if not 1 <= len(dims) <= 5:  # one series colour each (assets/theme.json, "sequence")
        return f"draws one to five dimensions of isoperimetry (got dims={listed(dims)})"
    tails = configs["concentration"].dims
    if not {10, 100, 1000} & set(tails):
        return (
            "draws the tails of d = 10, 100 or 1000: concentration's dims needs one of them "
            f"(got dims={listed(tails)})"
        )
    return None


CHAPTER = Chapter(
    title="Caps grow the least",
    scene="Isoperimetry",
    needs=("isoperimetry", "concentration"),
    figures=("isoperimetry", "concentration-tails", "gaussian-concentration"),
    check=check,
    explorable=Explorable(
        title="Drag d and t: the band's share of the sphere, and caps that grow the least",
        hint=(
            "Keep the band's half-width t fixed and raise d: the band |x₁| ≤ t around the "
            "equator soon holds almost all of S^(d−1); for large d its share is about "
            "2Φ(t √d) − 1. "
            "Then grow the two caps A and the one cap C of the same area on S² by the geodesic "
            "distance t: σ(C_t) stays below σ(A_t) at every t, the cap grows least (Lévy). "
            "The two t are different distances, so each has its own slider."
        ),
    ),
    caption=(
        r"Two turning spheres: on one $A$, two antipodal caps, on the other $C$, one cap of the "
        r"same share. The distance $t$ grows and both $t$-neighbourhoods grow on the spheres, "
        r"$\sigma(A_t)$ and $\sigma(C_t)$ live and traced on a graph: $\sigma(A_t) \geq "
        r"\sigma(C_t)$ at every $t$, caps grow the least (Lévy). Then $C$ becomes a "
        r"hemisphere $H$, which shrinks into the point where its neighbourhoods' shares "
        r"$\sigma(H_t)$ in $S^{d-1}$ start, for several $d$, against $1 - e^{-dt^2/2}$ ($t$ "
        r"geodesic); the curves flip to $1 - \sigma(H_t)$ and the axis turns logarithmic; last, "
        r"on that chart, the tails of the 1-Lipschitz $f = x_1$ against Lévy's bound "
        r"$2e^{-(d-2)t^2/2}$."
    ),
)
