r"""The gallery's captions: what each scene and paper figure shows, keyed by name.

Mathematics is TeX between dollars (``$\sqrt{d+2}$``), in the subset matplotlib's mathtext
reads; the gallery renders it to inline SVG (``scenes.gallery``). The one-line plain-text
descriptions of ``render.py list`` stay in the manifest and the figure registry.

A caption says what is on screen or on the page, not the numbers a run produced: those come from
the results and are in the picture itself (a caption written here would go stale when a preset or
a ``--set`` changes them). Constants of the mathematics (0.4748, 8/(d-4)) are fine.
"""

from __future__ import annotations

SCENE_CAPTIONS: dict[str, str] = {
    "ball-slicing": (
        r"A plane sweeps through a turning ball while a graph traces the slice area "
        r"$\pi(1-x^2)$. The dimension $d$ then grows continuously from 3: the profile "
        r"$(1-x^2)^{(d-1)/2}$ narrows, a bracket of $\pm 1/\sqrt{d+2}$ with it. The $x$ axis "
        r"stretches by $\sqrt{d+2}$ and the spike widens into a bell that lands on the dashed "
        r"$\mathcal{N}(0,1)$; $d$ runs again with the exact total variation distance live, "
        r"$\mathrm{TV} \approx 0.35/(d+2)$. Last, $\log(1-x^2) \approx -x^2$ turns "
        r"$(1-x^2)^{d/2}$ into $e^{-dx^2/2}$."
    ),
    "cube-clt": (
        r"The cube $\{-1,1\}^3$ turns about its diagonal $u$; its vertices drop onto $u$ and "
        r"stack 1, 3, 3, 1; the stacks become the histogram of "
        r"$\langle x,u\rangle = (x_1+x_2+x_3)/\sqrt{3}$. The dimension $d$ steps up, the bars "
        r"approaching $\mathcal{N}(0,1)$, with the exact Kolmogorov distance $D_d$ and the "
        r"Berry–Esseen bound $0.4748/\sqrt{d}$ live. Then four isotropic convex bodies (cube, "
        r"ball, simplex, cross-polytope) cast Gaussian shadows along random directions (sampled, "
        r"with the sample's noise floor); towards a vertex, the simplex's shadow is not Gaussian."
    ),
    "concentration": (
        r"On a turning sphere the band $|x_1| \leq t$ around the equator widens, its share "
        r"live; bars give that band's share of $S^{d-1}$ as $d$ grows: it tends to 1. The share "
        r"against the half-width $t$ for several $d$ jumps within $t \sim 1/\sqrt{d}$; "
        r"stretched by $\sqrt{d}$, every curve lands on $2\Phi(s)-1$."
    ),
    "isoperimetry": (
        r"Two turning spheres: on one $A$, two antipodal caps, on the other $C$, one cap of the "
        r"same share. The distance $t$ grows and both $t$-neighbourhoods grow on the spheres, "
        r"$\sigma(A_t)$ and $\sigma(C_t)$ live and traced on a graph: "
        r"$\sigma(A_t) \geq \sigma(C_t)$ at every $t$, caps grow the least (Lévy). Then the "
        r"hemisphere's neighbourhoods $\sigma(H_t)$ in $S^{d-1}$ for several $d$ against "
        r"$1 - e^{-dt^2/2}$ ($t$ geodesic); last, the tails of the 1-Lipschitz "
        r"$f = x_1$ on a log axis against Lévy's bound $2e^{-(d-2)t^2/2}$."
    ),
    "smooth-interpolation": (
        r"Noisy points $(x_i, y_i)$ in one dimension, to be fitted exactly. A fit with $p = n$ "
        r"random ReLU features passes through every point (its residuals shown) and spikes: "
        r"its steepest piece, drawn thick, is its Lipschitz constant, the $y$ axis rescaled to "
        r"show it. A minimum-norm fit with many more features is exact too and far less steep. "
        r"No interpolant beats the broken line through the points. In $d = 1$, $nd = n$: this "
        r"is what Lip and interpolation mean, not yet the law."
    ),
    "law-of-robustness": (
        r"The data: $n$ points uniform on the sphere $S^{d-1}$ with random labels $\pm 1$ "
        r"(drawn in $d = 3$, a schematic). The measured Lipschitz constant against the number "
        r"of parameters $p$ for three model families, one after another: random features peak "
        r"at $p = n$ and stay high, plain training less so, training for smoothness keeps "
        r"falling; the marks $p = n$ and $p = nd$, the law's scaling $\sqrt{nd/p}$ (constants "
        r"omitted) and the data's floor. Then smooth training on a grid of $(n, d)$, a curve "
        r"per cell, re-plotted against $p/(nd)$: the fitted slope with its interval against "
        r"the law's $1/2$."
    ),
    "why-the-law": (
        r"Why the law holds, as pictures. One fixed smooth $f(x) = L x_1$ on the sphere "
        r"against $n$ random signs $y_i$: the correlation $S = \frac{1}{n}\sum_i f(x_i)\,y_i$ "
        r"for a few sign patterns, then its exact law over all $2^n$ and the share with $S "
        r"\geq \varepsilon/2$, which a fit needs; as $d$ grows, $S$ shrinks like $L/\sqrt{nd}$ "
        r"and the share falls, under the Chernoff bound $e^{-nd\varepsilon^2/8L^2}$. A model "
        r"with $p$ parameters is one of about $e^{p\ell}$ functions (a net, $\ell$ a "
        r"logarithm): the union bound multiplies the chance by that count, so fitting needs "
        r"$p\ell \gtrsim nd\,\varepsilon^2/8L^2$, that is $\mathrm{Lip} \gtrsim \sqrt{nd/p}$ "
        r"(constants and logs omitted). Then Theorem 3 in short, and why the sizes of chapter "
        r"6 are outside its regime."
    ),
    "how-big": (
        r"One log axis of parameter counts, MNIST and ImageNet together, a row at a time: the "
        r"classical rule $p \sim n$; the law with the full dimension, $p \sim nd$; the robust "
        r"models observed, more than $n$ and fewer than $nd$; the law with an effective "
        r"dimension, $p \sim n\,d_{\mathrm{eff}}$, for MNIST inferred by the paper from the "
        r"observed sizes, for ImageNet this project's reading of the paper's words. It closes "
        r"on the paper's speculation, robust ImageNet at GPT-3's scale; the sources in one "
        r"footer."
    ),
}

FIGURE_CAPTIONS: dict[str, str] = {
    "ball-slice-densities": (
        r"(a) Slice volumes $(1-x^2)^{(d-1)/2}$ of the unit ball $B^d$ for several $d$ "
        r"($d = 1$ is the flat line at 1), dashed their Gaussian approximations "
        r"$e^{-(d-1)x^2/2}$; (b) one coordinate rescaled, $z = \sqrt{d+2}\,x_1$, converging to "
        r"$\mathcal{N}(0,1)$ (black, dashed); (b) leaves out the dimensions already under the "
        r"Gaussian, and its title says which are drawn."
    ),
    "ball-slice-distances": (
        r"Exact distances from $\sqrt{d+2}\,X_1$, $X$ uniform in $B^d$, to $\mathcal{N}(0,1)$ "
        r"against the dimension $d$, log-log: (a) total variation, with the reference "
        r"$0.350/(d+2)$; (b) Kolmogorov."
    ),
    "clt-distances": (
        r"Exact distances to $\mathcal{N}(0,1)$ of the rescaled marginals of the ball $B^d$ "
        r"($\sqrt{d+2}\,X_1$), the sphere $S^{d-1}$ ($\sqrt{d}\,X_1$) and the cube "
        r"$\{-1,1\}^d$ ($\langle X,u\rangle$) against $d$, log-log: (a) total variation, "
        r"against $0.350/(d+2)$, $0.350/d$ and the Diaconis–Freedman bound $8/(d-4)$ (at most "
        r"1 only from $d = 12$); (b) Kolmogorov, against the Berry–Esseen bound "
        r"$0.4748/\sqrt{d}$ and the cube's $1/\sqrt{2\pi d}$."
    ),
    "cube-clt-histograms": (
        r"The marginal $\langle X,u\rangle$ of $X$ uniform on the cube $\{-1,1\}^d$ in the "
        r"diagonal direction $u = (1,\ldots,1)/\sqrt{d}$, a rescaled binomial (bar areas: the "
        r"atoms' probabilities), for several $d$ against $\mathcal{N}(0,1)$, each panel with "
        r"the exact Kolmogorov distance $D_d$."
    ),
    "convex-marginals": (
        r"All geometries look alike: marginals of four isotropic convex bodies (cube, ball, "
        r"simplex, cross-polytope), sampled uniformly, along a random direction $\theta$ "
        r"(filled) are close to $\mathcal{N}(0,1)$; along the worst natural direction $e_1$ (an "
        r"axis or a vertex, outlined) they are not, the simplex's farthest from it. Each panel "
        r"gives "
        r"the sampled Kolmogorov distances $\hat{D}_\theta$ and $\hat{D}_{e_1}$, the title the "
        r"sample's noise floor."
    ),
    "convex-kolmogorov": (
        r"Kolmogorov distance to $\mathcal{N}(0,1)$ of those marginals against $d$: (a) the mean "
        r"over random directions $\theta$, against the Monte Carlo noise floor (the distance "
        r"$D_N$ of $N$ points drawn from $\mathcal{N}(0,1)$, its 5–95 % band shaded), which "
        r"every body reaches; (b) the worst direction $e_1$, sampled (dashed, dots) and exact."
    ),
    "band-measure": (
        r"Most of the sphere lies within $O(1/\sqrt{d})$ of any equator: the exact measure "
        r"$\sigma(|x_1| \leq t)$ of a band of $S^{d-1}$ (a) against its half-width $t$, "
        r"(b) against $s = t\sqrt{d}$, every curve on $2\Phi(s)-1$, (c) for a fixed $t$ "
        r"against growing $d$, each curve labelled with its $t$; (d) the half-width of a band "
        r"of measure $\sigma$ falls like $\Phi^{-1}(\frac{1+\sigma}{2})/\sqrt{d}$."
    ),
    "isoperimetry": (
        r"(a) On $S^2$, two antipodal caps $A$ and one cap $C$ of the same share: the geodesic "
        r"$t$-neighbourhood of $A$ grows faster at every $t$ (exact curves, sampled points with "
        r"$\pm 3$ standard errors); (b) the share $\sigma(H_t)$ of the $t$-neighbourhood of a "
        r"hemisphere of $S^{d-1}$ for several $d$ against $1 - e^{-dt^2/2}$ (dashed), which it "
        r"exceeds everywhere ($t$ geodesic, log axis)."
    ),
    "concentration-tails": (
        r"Tails $P(|f - \mathrm{med}\,f| > t)$ of 1-Lipschitz functions on spheres $S^{d-1}$ "
        r"of several dimensions ($x_1$, $|x - e_1|$, $\max_i x_i$, $|x|_1/\sqrt{d}$; sampled), "
        r"with the exact tails of $x_1$ and $|x - e_1|$ dotted, against Lévy's bound "
        r"$2e^{-(d-2)t^2/2}$."
    ),
    "gaussian-concentration": (
        r"(a) Gaussian isoperimetry: among sets $A$ of one Gaussian measure $\gamma(A)$, the "
        r"half-space grows least ($\Phi^{-1}(\gamma(A_t)) - \Phi^{-1}(\gamma(A))$ is exactly "
        r"$t$ for it; balls of several dimensions grow faster, towards $\sqrt{2}\,t$); "
        r"(b) tails of 1-Lipschitz functions of $g \sim \mathcal{N}(0, I_d)$ ($g_1$, $|g|$, "
        r"$\max_i g_i$) against $2e^{-t^2/2}$."
    ),
    "toy-fits": (
        r"Noisy points interpolated exactly by random ReLU features: with $p = n$ (one kink in "
        r"each gap) the fit is steep, with many more at minimum norm it is smooth; the thick "
        r"segment is each fit's steepest piece, its Lipschitz constant. No interpolant is "
        r"smoother than the steepest slope between neighbouring points. In $d = 1$, $nd = n$: "
        r"this shows what Lip means, not yet the law."
    ),
    "interpolation-curve": (
        r"Training MSE against the number of parameters $p$ for the three model families "
        r"(random features at minimum norm, plain training, training to be smooth): fitting "
        r"pure noise needs $p \approx n$. Filled marks fit (train MSE under the dashed threshold "
        r"in every seed); smooth training stops just under the threshold, as it is asked to."
    ),
    "smoothness-curve": (
        r"Lipschitz constant of the fit against the number of trained parameters $p$, log-log, "
        r"for the three families (filled: lower estimate of a fit; open: a fit above the "
        r"threshold; triangles: certified upper bounds), with the law's scaling "
        r"$\propto \sqrt{nd/p}$ (dashed), the marks $p = n$ and $p = nd$, and the data's two "
        r"floors: no exact interpolant, and no fit under the threshold, is smoother. The title "
        r"says whether the run is in Theorem 3's regime."
    ),
    "law-collapse": (
        r"The Lipschitz lower estimate of smooth training against $nd/p$ over a grid of $n$ and "
        r"$d$, log-log: the fitted slope with its 95 % bootstrap interval against the law's "
        r"$1/2$; the title says whether the cells collapse onto one curve."
    ),
    "parameters-needed": (
        r"The law read the other way: for each $(n, d)$, the smallest $p$ at which smooth "
        r"training reaches a target Lipschitz constant while fitting, against $nd$ (seeds as "
        r"dots, their median large): the fitted exponent with its bootstrap interval against "
        r"the law's 1, and the exponents of $n$ and $d$ fitted apart."
    ),
    "fixed-function": (
        r"One fixed smooth function $f = L\,x_1$ on $S^{d-1}$ against $n$ random signs: (a) the "
        r"exact law of $S = \frac{1}{n}\sum_i f(x_i)\,y_i$ over all $2^n$ sign patterns for "
        r"several $d$ (log density), narrowing as $d$ grows, away from the "
        r"$S \geq \varepsilon/2$ that a fit below the noise level needs; (b) the share of "
        r"patterns with $S \geq \varepsilon/2$ against $d$ (exact; triangles: none among all "
        r"the patterns drawn), with the bound $e^{-nd\varepsilon^2/8L^2}$ and Hoeffding's given "
        r"the points $x_i$."
    ),
    "law-prediction": (
        r"Parameters needed for MNIST and ImageNet on one log axis: the classical $p \sim n$, "
        r"the law's $n\,d_{\mathrm{eff}}$ range and $n\,d$, the robust models observed and "
        r"GPT-3. Each number says where it comes from (cited, inferred by the paper, this "
        r"project's reading); the paper's own 'at least $10^{10}$–$10^{11}$' for ImageNet is "
        r"drawn as its own bracket."
    ),
}
