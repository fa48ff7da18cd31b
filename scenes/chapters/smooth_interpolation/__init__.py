"""The chapter "Fitting noise is easy; fitting it smoothly is not":
its declaration (its scene: scene.py)."""

from __future__ import annotations

from scenes.kit.chapter import Chapter

CHAPTER = Chapter(
    title="Fitting noise is easy; fitting it smoothly is not",
    scene="SmoothInterpolation",
    needs=("toy-fits",),
    figures=("toy-fits",),
    caption=(
        r"Noisy points $(x_i, y_i)$ in one dimension, to be fitted exactly. A fit with $p = n$ "
        r"random ReLU features passes through every point (its residuals shown) and spikes: its "
        r"steepest piece, drawn thick, is its Lipschitz constant, the $y$ axis rescaled to show "
        r"it. A minimum-norm fit with many more features is exact too and far less steep. No "
        r"interpolant beats the broken line through the points. In $d = 1$, $nd = n$: this is "
        r"what Lip and interpolation mean, not yet the law."
    ),
)
