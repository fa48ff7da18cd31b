"""The chapter "Isoperimetry + counting": its declaration (its scene: scene.py)."""

from __future__ import annotations

from scenes.kit.chapter import Chapter

CHAPTER = Chapter(
    title="Isoperimetry + counting",
    scene="WhyTheLaw",
    needs=("fixed-function", "smoothness-curve"),
    figures=("fixed-function",),
    caption=(
        r"Why the law holds, as pictures. One fixed smooth $f(x) = L x_1$ on the sphere against "
        r"$n$ random signs $y_i$: the correlation $S = \frac{1}{n}\sum_i f(x_i)\,y_i$ for a few "
        r"sign patterns, then its exact law over all $2^n$ and the share with $S \geq "
        r"\varepsilon/2$, which a fit needs; as $d$ grows, $S$ shrinks like $L/\sqrt{nd}$ and the "
        r"share falls, under the Chernoff bound $e^{-nd\varepsilon^2/8L^2}$. A model with $p$ "
        r"parameters is one of about $e^{p\ell}$ functions (a net, $\ell$ a logarithm): the union "
        r"bound stacks $e^{p\ell}$ copies of the shaded tail on a log bar, and the total reaches "
        r"1 only when $p\ell \gtrsim "
        r"nd\,\varepsilon^2/8L^2$, that is $\mathrm{Lip} \gtrsim \sqrt{nd/p}$ (constants and logs "
        r"omitted). Then Theorem 3 in short, and why the sizes measured in “Smoothness costs "
        r"$nd$ parameters” are outside its regime."
    ),
)
