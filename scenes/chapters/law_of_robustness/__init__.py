"""The chapter "Smoothness costs $nd$ parameters": its declaration (its scene: scene.py)."""

from __future__ import annotations

from scenes.kit.chapter import Chapter, Explorable

CHAPTER = Chapter(
    title="Smoothness costs $nd$ parameters",
    scene="LawOfRobustness",
    needs=("smoothness-curve", "law-scaling"),
    figures=("interpolation-curve", "smoothness-curve", "law-collapse", "parameters-needed"),
    explorable=Explorable(
        title="Step p through the measured smoothness curves",
        hint=(
            "Step p from below n to far above it: random features' Lipschitz constant peaks at "
            "p = n and stays high, plain training peaks lower, training for smoothness keeps "
            "falling towards the dashed √(nd/p) and the data's floors. Hide a family to see the "
            "others; the slider stops only at the widths that were computed, and open points "
            "did not fit the noise."
        ),
    ),
    caption=(
        r"The data: $n$ points uniform on the sphere $S^{d-1}$ with random labels $\pm 1$ (drawn "
        r"in $d = 3$, a schematic). The measured Lipschitz constant against the number of "
        r"parameters $p$ for three model families, one after another: random features peak at $p "
        r"= n$ and stay high, plain training less so, training for smoothness keeps falling; the "
        r"marks $p = n$ and $p = nd$, the law's scaling $\sqrt{nd/p}$ (constants omitted) and the "
        r"data's floor. Then smooth training on a grid of $(n, d)$, a curve per cell, re-plotted "
        r"against $p/(nd)$: whether the cells fall on one line (their offsets), then the slope "
        r"within cells (one slope, an intercept per cell: what the law says of each $(n, d)$) "
        r"with its bootstrap interval over seeds against the law's $-1/2$."
    ),
)
