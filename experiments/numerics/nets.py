"""Two-layer networks trained many at a time, and bounds on their Lipschitz constants.

The Lipschitz bounds and the smooth training are described in docs/science.md, section 7.

A :class:`TwoLayerBatch` holds S x K networks f(x) = sum_l a_l act(w_l . x + b_l) + c: K networks
of possibly different widths for each of S data sets (seeds). The hidden units of the K networks
of one data set are concatenated into one layer; a membership map sends each unit to its network.
The training loss is the *sum* of the networks' own losses, so each network's gradient is exactly
the gradient of its own loss; Adam is elementwise, so every network follows exactly the path it
would follow if trained alone (up to floating-point summation order). :func:`train_one_by_one`
is that reference path, kept simple on purpose; a test checks the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from experiments.core.seeding import torch_generator

ACTIVATIONS = ("relu", "softplus")


def _act(name: str, z: torch.Tensor) -> torch.Tensor:
    return torch.relu(z) if name == "relu" else torch.nn.functional.softplus(z)


def _act_grad(name: str, z: torch.Tensor) -> torch.Tensor:
    return (z > 0).to(z.dtype) if name == "relu" else torch.sigmoid(z)


def _softplus_grad(z: torch.Tensor) -> torch.Tensor:
    """The derivative torch's softplus backward uses: 1 above its threshold 20, sigmoid below."""
    return torch.where(z > 20.0, torch.ones_like(z), torch.sigmoid(z))


def _surrogate_grad(name: str, z: torch.Tensor) -> torch.Tensor:
    """A smooth stand-in for act' used only to *search* for steep points (ReLU's is piecewise
    constant, so ascent on the gradient norm would not move); values are always exact."""
    return torch.sigmoid(8.0 * z) if name == "relu" else torch.sigmoid(z)


@dataclass
class TwoLayerBatch:
    """S x K two-layer networks; tensors have a leading data-set axis S.

    Attributes
    ----------
    W : (S, P, d) first-layer weights, P = sum of the K widths.
    b : (S, P) first-layer biases.
    a : (S, P) output weights.
    c : (S, K) output biases.
    widths : the K widths; network k owns units ``offsets[k]:offsets[k+1]``.
    """

    W: torch.Tensor
    b: torch.Tensor
    a: torch.Tensor
    c: torch.Tensor
    widths: tuple[int, ...]
    activation: str = "relu"

    @property
    def offsets(self) -> list[int]:
        return [0, *np.cumsum(self.widths).tolist()]

    @property
    def membership(self) -> torch.Tensor:
        """(P, K) 0/1 matrix: unit l belongs to network k."""
        member = torch.zeros(
            sum(self.widths), len(self.widths), dtype=self.W.dtype, device=self.W.device
        )
        for k, (lo, hi) in enumerate(zip(self.offsets[:-1], self.offsets[1:], strict=True)):
            member[lo:hi, k] = 1.0
        return member

    def params(self) -> list[torch.Tensor]:
        return [self.W, self.b, self.a, self.c]

    def n_params(self, k: int, trained_first_layer: bool = True) -> int:
        """Trained parameters of network k: width (d + 2) + 1, or the width alone for features."""
        d = self.W.shape[-1]
        return self.widths[k] * (d + 2) + 1 if trained_first_layer else self.widths[k]

    def preactivations(self, x: torch.Tensor) -> torch.Tensor:
        """(S, n, P) for inputs x of shape (S, n, d)."""
        return torch.baddbmm(self.b[:, None, :], x, self.W.transpose(1, 2))

    def forward(self, x: torch.Tensor, member: torch.Tensor | None = None) -> torch.Tensor:
        """Outputs (S, n, K) of all networks at inputs x (S, n, d)."""
        member = self.membership if member is None else member
        h = _act(self.activation, self.preactivations(x)) * self.a[:, None, :]
        return h @ member + self.c[:, None, :]

    def input_gradients(self, x: torch.Tensor, surrogate: bool = False) -> torch.Tensor:
        """Gradients of every network with respect to its input: (S, n, K, d)."""
        z = self.preactivations(x)
        slope = (_surrogate_grad if surrogate else _act_grad)(self.activation, z)
        g = slope * self.a[:, None, :]
        blocks = []
        for lo, hi in zip(self.offsets[:-1], self.offsets[1:], strict=True):
            blocks.append(torch.bmm(g[:, :, lo:hi], self.W[:, lo:hi, :]))
        return torch.stack(blocks, dim=2)

    def select(self, s: int, k: int) -> TwoLayerBatch:
        """Network k of data set s on its own (copies)."""
        lo, hi = self.offsets[k], self.offsets[k + 1]
        return TwoLayerBatch(
            self.W[s : s + 1, lo:hi].clone(),
            self.b[s : s + 1, lo:hi].clone(),
            self.a[s : s + 1, lo:hi].clone(),
            self.c[s : s + 1, k : k + 1].clone(),
            (hi - lo,),
            self.activation,
        )


def init_batch(
    widths: Sequence[int],
    d: int,
    seeds: Sequence[int],
    *,
    activation: str = "relu",
    dtype: torch.dtype = torch.float32,
    device: str | torch.device = "cpu",
) -> TwoLayerBatch:
    """Initialise S x K networks; network (s, k) draws from its own generator seeded by
    (seeds[s], widths[k]), so the same network is drawn whether it is built alone or in a batch.

    w ~ N(0, I_d) (so w . x ~ N(0, 1) for |x| = 1), b ~ N(0, 1), a ~ N(0, 1/width), c = 0.
    """
    Ws, bs, As = [], [], []
    for seed in seeds:
        w_s, b_s, a_s = [], [], []
        for width in widths:
            gen = torch_generator(seed, "init", width)
            w_s.append(torch.randn(width, d, generator=gen, dtype=torch.float64))
            b_s.append(torch.randn(width, generator=gen, dtype=torch.float64))
            a_s.append(torch.randn(width, generator=gen, dtype=torch.float64) / np.sqrt(width))
        Ws.append(torch.cat(w_s))
        bs.append(torch.cat(b_s))
        As.append(torch.cat(a_s))

    def put(t: torch.Tensor) -> torch.Tensor:
        return t.to(device=device, dtype=dtype).requires_grad_(True)

    c = torch.zeros(len(seeds), len(widths), dtype=torch.float64)
    return TwoLayerBatch(
        put(torch.stack(Ws)),
        put(torch.stack(bs)),
        put(torch.stack(As)),
        put(c),
        tuple(int(w) for w in widths),
        activation,
    )


# --- training --------------------------------------------------------------------------------


GRADIENTS = ("hand", "autograd")


@dataclass(frozen=True)
class TrainSettings:
    steps: int = 2000
    lr: float = 1e-2
    # "hand": the loss gradient written out in row blocks (:func:`loss_gradients`, fast);
    # "autograd": torch's autograd of the same loss, the reference it is tested against
    gradient: str = "hand"
    # smooth training only
    smooth: bool = False
    fit_mse: float = 0.1  # fit below the noise level: train MSE <= fit_mse
    penalty_points: int = 256  # fresh random points on the sphere per step, besides the data
    dual_rate: float = 0.02  # multiplicative step of the penalty weight
    warmup: float = 0.3  # fraction of steps of plain fitting before the penalty starts


def random_sphere(
    shape: tuple[int, ...], d: int, gen: torch.Generator, dtype, device
) -> torch.Tensor:
    x = torch.randn(*shape, d, generator=gen, dtype=torch.float64)
    return (x / x.norm(dim=-1, keepdim=True)).to(device=device, dtype=dtype)


def per_seed_sphere(gens: Sequence[torch.Generator], m: int, d: int, dtype, device) -> torch.Tensor:
    """(S, m, d) uniform points of the sphere, data set s drawing from its own generator, so a
    network sees the same points whether it is trained alone or in a batch."""
    return torch.stack([random_sphere((m,), d, g, dtype, device) for g in gens])


# Rows per block of the hand-written gradient: an (S, rows, width) block of about this many
# elements (1 MB in float32) stays in the cache while it is used, where a whole (S, m, P)
# temporary (107 MB at law-scaling's paper size) goes to memory for every pass over it.
# Measured at n = 1000, d = 10 (P = 21,250): 2**16 -> 93 ms a step, 2**17 -> 78, 2**18 -> 70,
# 2**20 -> 89.
BLOCK_ELEMENTS = 1 << 18


def block_rows(S: int, P: int, rows: int) -> int:
    """Rows per block for an (S, rows, P) computation (at least 8, at most ``rows``)."""
    return max(1, min(rows, max(8, BLOCK_ELEMENTS // max(1, S * P))))


def _pad(t: torch.Tensor, cols: int) -> torch.Tensor:
    """``t`` with zero columns appended up to ``cols`` (narrow products run faster at 16)."""
    return t if t.shape[-1] >= cols else torch.nn.functional.pad(t, (0, cols - t.shape[-1]))


def _with_ones(t: torch.Tensor, cols: int) -> torch.Tensor:
    """(t_i, 1, 0 ...): each row of ``t`` (S, rows, d) with a 1 appended, padded to ``cols``."""
    return _pad(torch.cat([t, torch.ones_like(t[..., :1])], dim=2), cols)


def autograd_loss_gradients(
    net: TwoLayerBatch,
    x: torch.Tensor,
    y: torch.Tensor,
    lam: torch.Tensor | None = None,
    pts: torch.Tensor | None = None,
    member: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """The same as :func:`loss_gradients` by torch's autograd: the reference it is tested and
    benchmarked against. Sets each parameter's ``.grad`` (it must be None or zero) and returns
    (MSE_k, R_k), each (S, K); R is None without a penalty."""
    mse = ((net.forward(x, member) - y[..., None]) ** 2).mean(dim=1)  # (S, K)
    loss = mse.sum()
    r = None
    if lam is not None and pts is not None:
        r = (net.input_gradients(pts) ** 2).sum(-1).mean(dim=1)  # (S, K)
        loss = loss + (lam * r).sum()
    loss.backward()
    return mse.detach(), None if r is None else r.detach()


def loss_gradients(
    net: TwoLayerBatch,
    x: torch.Tensor,
    y: torch.Tensor,
    lam: torch.Tensor | None = None,
    pts: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """The gradient of ``train``'s loss, written out; sets each parameter's ``.grad``.

    The loss is sum_k MSE_k + sum_k lam_k R_k (R_k only when ``lam`` and ``pts`` are given), with
    MSE_k = mean_i (f_k(x_i) - y_i)^2 and R_k = mean_j |grad f_k(p_j)|^2, as in :func:`train`.
    Writing z = w . x + b, s = act'(z) and f_k(x) = sum_{l in k} a_l act(z_l) + c_k:

    - MSE: with e_i = 2 (f_k(x_i) - y_i) / n and V_l = sum_i e_i s_il (x_i, 1):
      dL/dc_k = sum_i e_i, dL/d(w_l, b_l) = a_l V_l, dL/da_l = sum_i e_i act(z_il), which for
      ReLU (act(z) = s z) is (w_l, b_l) . V_l.
    - penalty: grad f_k(p_j) = g_j = sum_{l in k} a_l s_jl w_l. With Gamma_j = 2 lam_k g_j / m and
      U_l = sum_j s_jl Gamma_j: dL/dw_l = a_l U_l (+ the term through s), dL/da_l = w_l . U_l. For
      softplus, s depends on z too: D_jl = a_l s'(z_jl) w_l . Gamma_j adds sum_j D_jl (p_j, 1) to
      dL/d(w_l, b_l); ReLU's s is piecewise constant, so that term is zero (as autograd has it).

    Each network is taken on its own units and its rows in blocks (:func:`block_rows`), so no
    (m, P) temporary is made in a step and no product spans two networks; the narrow products
    (d + 1 columns) are padded to 16 when d < 16. Returns (MSE_k, R_k) of the parameters as they
    are, each (S, K); R is None without a penalty. A test checks every gradient against
    autograd's in float64.
    """
    with torch.no_grad():
        W, b, a, c = (p.detach() for p in net.params())
        S, _, d = W.shape
        n, dtype, device = x.shape[1], W.dtype, W.device
        relu = net.activation == "relu"
        cols = max(16, d + 1)
        x1 = _with_ones(x, cols)
        pts1 = _with_ones(pts, cols) if not relu and pts is not None else None  # softplus only
        gW, gb, ga, gc = (torch.zeros_like(t) for t in (W, b, a, c))
        mse = torch.zeros(c.shape, dtype=dtype, device=device)
        penalty = lam is not None and pts is not None
        r = torch.zeros(c.shape, dtype=dtype, device=device) if penalty else None
        blocks = zip(net.offsets[:-1], net.offsets[1:], strict=True)
        for k, (lo, hi) in enumerate(blocks):
            Wk, bk, ak = W[:, lo:hi], b[:, lo:hi, None].transpose(1, 2), a[:, lo:hi]
            Wt = Wk.transpose(1, 2).contiguous()
            # the data term
            V = torch.zeros(S, hi - lo, cols, dtype=dtype, device=device)
            rows = block_rows(S, hi - lo, n)
            for i in range(0, n, rows):
                z = torch.baddbmm(bk, x[:, i : i + rows], Wt)  # (S, rows, width)
                if relu:
                    h = z.relu_()
                    s = torch.sign(h)
                else:
                    s = _softplus_grad(z)  # as torch's softplus backward: 1 above z = 20
                    h = torch.nn.functional.softplus(z)
                err = torch.bmm(h, ak[..., None])[..., 0] + c[:, k, None] - y[:, i : i + rows]
                mse[:, k] += (err * err).sum(dim=1)
                e = err * (2.0 / n)
                gc[:, k] += e.sum(dim=1)
                V.baddbmm_(s.transpose(1, 2), x1[:, i : i + rows] * e[..., None])
                if not relu:
                    ga[:, lo:hi] += torch.bmm(e[:, None, :], h)[:, 0]
            gW[:, lo:hi] += ak[..., None] * V[..., :d]
            gb[:, lo:hi] += ak * V[..., d]
            if relu:
                # sum_i e_i relu(z_il) = (w_l, b_l) . V_l, since relu(z) = s z; in float32 this
                # sum may cancel where |w||V| >> |dL/da| (the float32 whole-cell test covers it)
                ga[:, lo:hi] += (Wk * V[..., :d]).sum(dim=-1) + b[:, lo:hi] * V[..., d]
            if not penalty:
                continue
            # the penalty term
            assert lam is not None and pts is not None and r is not None
            m = pts.shape[1]
            aW = _pad(ak[..., None] * Wk, cols)
            U = torch.zeros(S, hi - lo, cols, dtype=dtype, device=device)
            Ds = None
            if not relu:
                Ds = torch.zeros(S, hi - lo, cols, dtype=dtype, device=device)
            scale = lam[:, k, None, None] * (2.0 / m)
            rows = block_rows(S, hi - lo, m)
            for j in range(0, m, rows):
                pb = pts[:, j : j + rows]
                z = torch.baddbmm(bk, pb, Wt)
                s = z.gt_(0) if relu else z.sigmoid_()  # in place: z is not needed again
                g = torch.bmm(s, aW)  # (S, rows, cols): the gradients, zero beyond column d
                r[:, k] += (g * g).sum(dim=(1, 2))
                gamma = g.mul_(scale)
                U.baddbmm_(s.transpose(1, 2), gamma)
                if Ds is not None and pts1 is not None:
                    T = torch.bmm(gamma[..., :d], Wt)  # w_l . Gamma_j
                    T.mul_(s).mul_(1 - s)
                    Ds.baddbmm_(T.transpose(1, 2), pts1[:, j : j + rows])
            gW[:, lo:hi] += ak[..., None] * U[..., :d]
            ga[:, lo:hi] += (Wk * U[..., :d]).sum(dim=-1)
            if Ds is not None:
                gW[:, lo:hi] += ak[..., None] * Ds[..., :d]
                gb[:, lo:hi] += ak * Ds[..., d]
        mse /= n
        if r is not None:
            r /= pts.shape[1]  # type: ignore[union-attr]
        for p, g in zip(net.params(), (gW, gb, ga, gc), strict=True):
            p.grad = g
        return mse, r


def train(
    net: TwoLayerBatch,
    x: torch.Tensor,
    y: torch.Tensor,
    settings: TrainSettings,
    *,
    seeds: Sequence[int],
    steps: Iterable[int] | None = None,
) -> TwoLayerBatch:
    """Train every network of ``net`` on its data set: x (S, n, d), y (S, n). Full-batch Adam.

    Plain: minimise each network's MSE. Smooth: minimise MSE_k + lambda_k * R_k, where R_k is the
    mean squared input-gradient norm over the data and fresh random points of the sphere, and
    lambda_k grows while network k fits below ``fit_mse`` and shrinks while it does not (a
    multiplicative dual ascent). The returned networks are, for smooth training, the iterate with
    the smallest R_k among those that fit (checked every few steps), else the last one.
    ``seeds`` (one per data set) seed the random penalty points (uniform on the unit sphere, the
    data's support); ``steps`` may wrap ``range(settings.steps)`` in a progress bar. The loss's
    gradient is :func:`loss_gradients` (``settings.gradient == "hand"``) or torch's autograd.
    """
    if settings.gradient not in GRADIENTS:
        raise ValueError(f"gradient must be one of {GRADIENTS}, not {settings.gradient!r}")
    member = net.membership
    opt = torch.optim.Adam(net.params(), lr=settings.lr)
    S, K = net.c.shape
    dtype, device = net.W.dtype, net.W.device
    lam = torch.full((S, K), 1e-3, dtype=dtype, device=device)
    gens = [torch_generator(s, "penalty-points") for s in seeds]
    best = [p.detach().clone() for p in net.params()]
    best_r = torch.full((S, K), float("inf"), dtype=dtype, device=device)
    unit_of = torch.repeat_interleave(
        torch.arange(K, device=device), torch.tensor(net.widths, device=device)
    )
    warm = int(settings.warmup * settings.steps)
    check_every = 25

    for step in steps if steps is not None else range(settings.steps):
        opt.zero_grad(set_to_none=True)
        penalised = settings.smooth and step >= warm
        pts = None
        if penalised:
            pts = torch.cat(
                [x, per_seed_sphere(gens, settings.penalty_points, x.shape[-1], dtype, device)],
                dim=1,
            )
        if settings.gradient == "hand":
            mse, r_or_none = loss_gradients(net, x, y, lam if penalised else None, pts)
        else:
            mse, r_or_none = autograd_loss_gradients(
                net, x, y, lam if penalised else None, pts, member
            )
        if penalised:
            assert r_or_none is not None
            r = r_or_none
            with torch.no_grad():
                fits = mse <= settings.fit_mse
                if step % check_every == 0:
                    # (mse, r) describe the parameters as they are before this step: keep them.
                    improve = fits & (r < best_r)
                    best_r = torch.where(improve, r, best_r)
                    _keep(best, net.params(), improve, unit_of)
                lam = torch.where(
                    fits, lam * (1 + settings.dual_rate), lam * (1 - settings.dual_rate)
                )
        opt.step()

    if settings.smooth:
        with torch.no_grad():
            mse = ((net.forward(x, member) - y[..., None]) ** 2).mean(dim=1)
            pts = torch.cat(
                [x, per_seed_sphere(gens, settings.penalty_points, x.shape[-1], dtype, device)],
                dim=1,
            )
            r = (net.input_gradients(pts) ** 2).sum(-1).mean(dim=1)
            improve = (mse <= settings.fit_mse) & (r < best_r)
            best_r = torch.where(improve, r, best_r)
            _keep(best, [p.detach().clone() for p in net.params()], improve, unit_of)
            never = ~torch.isfinite(best_r)  # never fitted: keep the last iterate
            _keep(best, [p.detach().clone() for p in net.params()], never, unit_of)
        W, b, a, c = best
        return TwoLayerBatch(W, b, a, c, net.widths, net.activation)
    W, b, a, c = (p.detach() for p in net.params())
    return TwoLayerBatch(W, b, a, c, net.widths, net.activation)


def concat(grid: Sequence[Sequence[TwoLayerBatch]]) -> TwoLayerBatch:
    """Join single networks grid[s][k] (one data set, one network each) into one batch."""

    def cat(attr: str, dim: int) -> torch.Tensor:
        return torch.cat([torch.cat([getattr(n, attr) for n in row], dim=dim) for row in grid])

    first = grid[0][0]
    return TwoLayerBatch(
        cat("W", 1),
        cat("b", 1),
        cat("a", 1),
        cat("c", 1),
        tuple(n.widths[0] for n in grid[0]),
        first.activation,
    )


def train_sweep(
    widths: Sequence[int],
    seeds: Sequence[int],
    x: torch.Tensor,
    y: torch.Tensor,
    settings: TrainSettings,
    *,
    batched: bool = True,
    activation: str = "relu",
    steps: Iterable[int] | None = None,
) -> TwoLayerBatch:
    """Initialise and train one network per (seed, width) on data set s = x[s], y[s].

    ``batched``: all together as one concatenated layer (fast). Otherwise the reference path:
    each network built and trained alone in a plain loop. Both give the same networks.
    """
    d, dtype, device = x.shape[-1], x.dtype, x.device
    if batched:
        net = init_batch(widths, d, seeds, activation=activation, dtype=dtype, device=device)
        return train(net, x, y, settings, seeds=seeds, steps=steps)
    grid = []
    for s, seed in enumerate(seeds):
        row = []
        for width in widths:
            net = init_batch([width], d, [seed], activation=activation, dtype=dtype, device=device)
            row.append(train(net, x[s : s + 1], y[s : s + 1], settings, seeds=[seed]))
        grid.append(row)
    return concat(grid)


def _keep(
    best: list[torch.Tensor], cur: list[torch.Tensor], which: torch.Tensor, unit_of: torch.Tensor
) -> None:
    """Copy the networks flagged in ``which`` (S, K) from ``cur`` into ``best``, in place."""
    units = which[:, unit_of]  # (S, P)
    best[0].copy_(torch.where(units[..., None], cur[0], best[0]))
    best[1].copy_(torch.where(units, cur[1], best[1]))
    best[2].copy_(torch.where(units, cur[2], best[2]))
    best[3].copy_(torch.where(which, cur[3], best[3]))


# --- Lipschitz constants ---------------------------------------------------------------------


def _own_gradients(net: TwoLayerBatch, pts: torch.Tensor, surrogate: bool = False) -> torch.Tensor:
    """Gradient of network k at its own points: pts (S, K, m, d) -> (S, K, m, d), each network
    evaluated on its own units only (not every network at every network's points)."""
    grads = []
    for k, (lo, hi) in enumerate(zip(net.offsets[:-1], net.offsets[1:], strict=True)):
        W = net.W[:, lo:hi]
        z = torch.baddbmm(net.b[:, None, lo:hi], pts[:, k], W.transpose(1, 2))
        slope = (_surrogate_grad if surrogate else _act_grad)(net.activation, z)
        grads.append(torch.bmm(slope * net.a[:, None, lo:hi], W))
    return torch.stack(grads, dim=1)


def gradient_norms(net: TwoLayerBatch, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """|grad f_k| at every point of x (S, N, d) for every network, exact and smoothed (the
    search's surrogate): (S, N, K) twice, computed network by network in row blocks."""
    with torch.no_grad():
        S, N, _ = x.shape
        exact = torch.empty(S, N, len(net.widths), dtype=x.dtype, device=x.device)
        smooth = torch.empty_like(exact)
        for k, (lo, hi) in enumerate(zip(net.offsets[:-1], net.offsets[1:], strict=True)):
            W, b, a = net.W[:, lo:hi], net.b[:, None, lo:hi], net.a[:, None, lo:hi]
            rows = block_rows(S, hi - lo, N)
            for i in range(0, N, rows):
                z = torch.baddbmm(b, x[:, i : i + rows], W.transpose(1, 2))
                for out, slope in ((exact, _act_grad), (smooth, _surrogate_grad)):
                    g = torch.bmm(slope(net.activation, z) * a, W)
                    out[:, i : i + rows, k] = g.norm(dim=-1)
        return exact, smooth


def lipschitz_lower(
    net: TwoLayerBatch,
    x: torch.Tensor,
    *,
    n_random: int = 2000,
    top: int = 8,
    ascent_steps: int = 100,
    seeds: Sequence[int],
) -> tuple[torch.Tensor, torch.Tensor]:
    """Lower estimates of each network's Lipschitz constant, (S, K) twice.

    Every value is the exact gradient norm of the network at some point of the unit sphere (the
    data's support), so it is a true lower bound of Lip(f) there and on R^d. Points searched: the
    data x (S, n, d), ``n_random`` uniform points of the sphere, then projected gradient ascent of
    the gradient norm from the ``top`` steepest of those (ties broken by the smoothed gradient;
    ascent follows a smoothed activation; values are always measured exactly). Returns (lower,
    lower_on_data_only).
    """
    with torch.no_grad():
        S, K = net.c.shape
        d = x.shape[-1]
        gens = [torch_generator(s, "lip-search") for s in seeds]
        rand = per_seed_sphere(gens, n_random, d, x.dtype, x.device)
        cand = torch.cat([x, rand], dim=1)  # (S, N, d)
        norms, smooth = gradient_norms(net, cand)  # (S, N, K) each
        on_data = norms[:, : x.shape[1]].amax(dim=1)  # (S, K)
        best = norms.amax(dim=1)
        top = min(top, cand.shape[1])
        # Start from the steepest points; where the exact gradient is flat (ReLU's is piecewise
        # constant, so many points tie) the smoothed one, which rises towards steeper regions,
        # decides: it ranks only within a tie (it is scaled below the smallest exact step).
        tiebreak = 1e-6 * smooth / smooth.amax(dim=1, keepdim=True).clamp_min(1e-30)
        start = (norms + tiebreak * norms.amax(dim=1, keepdim=True)).topk(top, dim=1).indices
        pts = torch.gather(
            cand[:, None].expand(S, K, -1, d),
            2,
            start.permute(0, 2, 1)[..., None].expand(S, K, top, d),
        ).clone()
    for step in range(ascent_steps):
        pts.requires_grad_(True)
        surrogate = (_own_gradients(net, pts, surrogate=True) ** 2).sum()
        (grad,) = torch.autograd.grad(surrogate, pts)
        with torch.no_grad():
            lr = 0.1 * (1 - step / ascent_steps) + 0.005
            grad = grad - (grad * pts).sum(-1, keepdim=True) * pts  # tangent to the sphere
            pts = pts + lr * grad / grad.norm(dim=-1, keepdim=True).clamp_min(1e-12)
            pts = pts / pts.norm(dim=-1, keepdim=True)
            exact = _own_gradients(net, pts).norm(dim=-1).amax(dim=2)  # (S, K)
            best = torch.maximum(best, exact)
    return best.detach(), on_data.detach()


def lipschitz_upper(net: TwoLayerBatch) -> torch.Tensor:
    """Certified upper bounds on each network's Lipschitz constant on R^d, (S, K).

    For f(x) = sum_l a_l act(w_l . x + b_l) + c with a 1-Lipschitz activation, the gradient is
    W^T D a with D diagonal in [0, 1], so Lip(f) <= min(||a||_2 ||W||_2, sum_l |a_l| ||w_l||_2)
    (product of the layers' spectral norms; triangle inequality).
    """
    with torch.no_grad():
        out = torch.empty(net.c.shape, dtype=net.W.dtype, device=net.W.device)
        row_norms = net.W.norm(dim=-1)  # (S, P)
        for k, (lo, hi) in enumerate(zip(net.offsets[:-1], net.offsets[1:], strict=True)):
            a = net.a[:, lo:hi]
            spectral = torch.linalg.matrix_norm(net.W[:, lo:hi], ord=2) * a.norm(dim=-1)
            triangle = (a.abs() * row_norms[:, lo:hi]).sum(-1)
            out[:, k] = torch.minimum(spectral, triangle)
        return out
