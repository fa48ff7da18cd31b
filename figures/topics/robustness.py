"""Paper figures of the law of robustness (data from ``smoothness-curve`` and ``law-scaling``).

Series are labelled directly where they are drawn, in their own colour
(:class:`figures.kit.labels.Room`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from assets.numbers import tex_sci
from assets.theme import color, load_theme, sequence_colors
from experiments.core.store import Result
from experiments.topics.robustness import (
    LawScalingConfig,
    ToyFitsConfig,
    distinct_resamples,
)
from figures.kit.labels import (
    Room,
    first_that_fits,
    key_handle,
    key_outside,
    small_font_size,
)
from figures.kit.registry import figure
from figures.kit.style import figsize

MODEL_LABELS = {
    "random-features": "random features (min-norm)",
    "trained": "trained, plain loss",
    "smooth": "trained to be smooth",
}
FOREGROUND = load_theme()["paper"]["foreground"]
_TOY = ToyFitsConfig()  # the quick preset's settings, named in captions
_LAW_SEEDS = (
    LawScalingConfig().seeds,
    cast(LawScalingConfig, LawScalingConfig.from_preset("paper")).seeds,
)


def _model_color(model: str) -> str:
    return color(model.replace("-", "_"))


def _num(x: float, fmt: str) -> str:
    """A number in maths, so that a negative one gets a true minus sign."""
    return f"${x:{fmt}}$"


def one_line_label(ax: Axes, candidates: Sequence[str]) -> str:
    """The first of ``candidates`` that fits on one line over ``ax`` (call after a layout pass),
    set as its left title at the small font size, else the last: a panel's label, never a
    caption (what the figure shows in sentences is in its ``@figure`` caption)."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    width = ax.get_window_extent().width
    for text in candidates:
        title = ax.set_title(text, loc="left", fontsize=small_font_size())
        if title.get_window_extent(fig._get_renderer()).width <= width:  # type: ignore[attr-defined]
            break
    return ax.get_title(loc="left")


def _plain_log_ticks(axis: Any, subs: Sequence[float] = (1.0, 2.0, 5.0)) -> None:
    """Major ticks of a log axis at ``subs`` times powers of ten, written as plain numbers (the
    ranges span a decade or two); minor ticks unlabelled."""
    axis.set_major_locator(ticker.LogLocator(base=10, subs=tuple(subs)))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def _thresholds(room: Room, n: int, d: int, *, nd: bool = True) -> list[int]:
    """Labels of the vertical lines at p = n (fitting) and p = n d (smooth fitting), drawn by the
    caller; the lines' indices in ``room`` (for :meth:`Room.soften`)."""
    ylim = room.ax.get_ylim()
    marks = [(n, r"$p=n$")] + ([(n * d, r"$p=nd$")] if nd else [])
    lines = [room.vline(value) for value, _ in marks]
    for value, text in marks:
        room.label(
            text,
            room.along([value, value], ylim, sides=("left", "right")),
            fontsize=small_font_size(),
            color=color("reference"),
        )
    return lines


@figure(
    "interpolation-curve",
    description="training MSE versus parameter count p per model: fitting needs p ~ n",
    needs=("smoothness-curve",),
    width="column",
    caption=(
        r"Training MSE against the number of parameters $p$ for the three model families (random "
        r"features at minimum norm, plain training, training to be smooth), on pure-noise labels: "
        r"fitting needs $p \approx n$. Lines: the mean over seeds; bands: the smallest to the "
        r"largest seed. Filled marks fit (train MSE under the dashed threshold in every seed); "
        r"smooth training stops just under the threshold, as it is asked to. The label above the "
        r"plot gives $n$, $d$ and the number of seeds."
    ),
)
def interpolation_curve(results: Mapping[str, Result]) -> Figure:
    r = results["smoothness-curve"]
    return first_that_fits(lambda inside, _: _interpolation(r, inside))


def _interpolation(r: Result, inside: bool) -> tuple[Figure, bool]:
    n, d = int(r["n"]), int(r["d"])
    noise, fit_mse = float(r["noise_variance"]), float(r["fit_mse"])
    ref = color("reference")
    fig = Figure(figsize=figsize("column", 0.95))
    ax = fig.subplots()
    # the lines behind the data, thin: a mark on the threshold still shows which side it is on
    ax.axhline(noise, color=ref, lw=0.8, zorder=1)
    ax.axhline(fit_mse, color=ref, lw=0.6, ls=(0, (4, 2)), zorder=1)
    ax.axvline(n, color=ref, lw=0.8, ls=(0, (1, 1.5)), zorder=1)
    handles, labels, drawn = [], [], []
    for i, model in enumerate(r["models"]):
        p, mse = r["p"][i], r["train_mse"][i]  # (W,), (S, W)
        fits = r["fits"][i].all(axis=0)  # below the threshold in every seed
        c, mean = _model_color(str(model)), mse.mean(0)
        ax.fill_between(p, mse.min(0), mse.max(0), color=c, alpha=0.2, lw=0, zorder=2)
        ax.plot(p, mean, "-", color=c, lw=1.1, zorder=3)
        ax.plot(p[fits], mean[fits], "o", color=c, ms=3.5, zorder=4)
        ax.plot(p[~fits], mean[~fits], "o", mfc="white", color=c, ms=3.5, mew=0.9, zorder=4)
        drawn.append((p, mse, mean))
        label = MODEL_LABELS.get(str(model), str(model))
        fitted = mse[:, fits]
        if fitted.size and fitted.min() > 0.5 * fit_mse:  # it fits, but just under the threshold:
            label += f" (MSE {fitted.min():.2g}–{fitted.max():.2g})"  # its train MSE in numbers
        handles.append(key_handle("o", "-", color=c, ms=3.5, lw=1.1))
        labels.append(label)
    ax.set_xscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel("training MSE")
    ax.set_ylim(0, 1.15 * noise)
    if not inside:
        key_outside(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    seeds = len(r["seeds"])
    one_line_label(
        ax,
        [
            f"$n={n}$, $d={d}$, {seeds} seeds (bands: min to max)",
            f"$n={n}$, $d={d}$, {seeds} seeds",
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    for p, mse, mean in drawn:
        room.line(p, mean, 1.1)
        room.line(p, mse.min(0), 0)
        room.line(p, mse.max(0), 0)
        room.marks(p, mean, 3.5)
    xlim = ax.get_xlim()
    for y in (noise, fit_mse):
        room.hline(y)
    vlines = _thresholds(room, n, d, nd=False)  # the key keeps clear of p = n
    if inside and not room.key(handles, labels, ("center right", "right", "lower right")):
        return fig, False
    room.soften(vlines)
    kw: dict[str, Any] = {"fontsize": small_font_size(), "color": ref}
    room.label(
        rf"noise level $\sigma^2={noise:g}$", room.along(xlim, [noise, noise], ("below",)), **kw
    )
    room.label(f"fit threshold {fit_mse:g}", room.along(xlim, [fit_mse, fit_mse], ("above",)), **kw)
    return fig, not room.pop_failed()


def _floor_lines(ax: Axes, r: Result) -> list[tuple[str, np.ndarray, str, Any]]:
    """The data's floors as horizontal bands (min to max over seeds) with a line at the mean: no
    exact interpolant, and no fit with train MSE <= fit_mse, can be smoother than these."""
    bands = [
        ("lip_floor", "no exact interpolant is smoother", (0, (1, 1))),
        ("lip_floor_fit", rf"no fit with MSE $\leq {float(r['fit_mse']):g}$ is smoother", "-"),
    ]
    drawn = []
    for key, label, style in bands:
        values = r[key][np.isfinite(r[key])]
        if not values.size:
            continue
        ax.axhspan(values.min(), values.max(), color=color("reference"), alpha=0.18, lw=0)
        ax.axhline(values.mean(), color=color("reference"), lw=0.8, ls=style)
        drawn.append((key, values, label, style))
    return drawn


def theorem_note(r: Result, short: bool = False) -> str:
    """Where the measurement stands against Theorem 3's sample-size condition."""
    need = tex_sci(float(r["theorem_min_n_eps2"]), digits=2, plain_below=1)
    have = float(r["n_eps2"])
    sign = "<" if have < float(r["theorem_min_n_eps2"]) else r"\geq"
    if short:
        return rf"$n\varepsilon^2 = {have:.0f} {sign} {need}$ (Theorem 3)"
    verdict = "its scaling, not its regime" if sign == "<" else "in its regime"
    return rf"$n\varepsilon^2 = {have:.0f} {sign} {need}$, Theorem 3's condition: {verdict}"


@figure(
    "smoothness-curve",
    description="Lipschitz constant (lower estimate; certified upper bound as open marks) versus "
    "p, log-log, with the law's sqrt(nd/p) scaling, the marks p = n, p = nd and the data's floors",
    needs=("smoothness-curve",),
    caption=(
        r"Lipschitz constant of the fit against the number of trained parameters $p$, log-log, "
        r"for the three families (filled: lower estimate of a fit; open: a fit above the "
        r"threshold; triangles: certified upper bounds), with the law's scaling $\propto "
        r"\sqrt{nd/p}$ (dashed), the marks $p = n$ and $p = nd$, and the data's two floors: no "
        r"exact interpolant, and no fit under the threshold, is smoother. Bands: min to max "
        r"over seeds. Above the plot: $n$, $d$, the seeds, and $n\varepsilon^2$ against "
        r"the least Theorem 3's condition asks, $8^4 \log 8$ ($k = 1$, $\delta \to 1$; below it, "
        r"the law's scaling, not the theorem's regime)."
    ),
)
def smoothness_curve(results: Mapping[str, Result]) -> Figure:
    r = results["smoothness-curve"]
    keyed: set[str] = set()  # series named in the key rather than on the plot
    inside = True  # the key in an empty corner of the plot, else below it
    for _ in range(4):
        fig, failed = _smoothness(r, keyed, inside)
        if not failed:
            break
        if "key" in failed:
            inside = False
        if set(failed) & set(MODEL_LABELS):  # the model families: all labelled, or all keyed
            failed += [str(m) for m in r["models"]]
        keyed |= set(failed) - {"key"}
    return fig


def _smoothness(r: Result, keyed: set[str], inside: bool) -> tuple[Figure, list[str]]:
    """The smoothness curve, with the series named in ``keyed`` (models, the floors' result keys,
    ``law``) in the key rather than labelled on the plot, the key ``inside`` the plot or below
    it; and what found no room (series, or ``key``)."""
    n, d = int(r["n"]), int(r["d"])
    fit_mse = float(r["fit_mse"])
    ref, small = color("reference"), small_font_size()
    fig = Figure(figsize=figsize("full", 0.7))
    ax = fig.subplots()
    drawn = []
    for i, model in enumerate(r["models"]):
        c = _model_color(str(model))
        p, lo, up = r["p"][i], r["lip_lower"][i], r["lip_upper"][i]
        fits = r["fits"][i].all(axis=0)
        mean = lo.mean(0)
        ax.fill_between(p, lo.min(0), lo.max(0), color=c, alpha=0.2, lw=0)
        ax.plot(p, mean, "-", color=c)
        ax.plot(p[fits], mean[fits], "o", color=c, ms=3.5)
        ax.plot(p[~fits], mean[~fits], "o", mfc="white", color=c, ms=3.5)
        ax.plot(p, up.mean(0), "^", mfc="none", color=c, ms=3.5, mew=0.8)
        drawn.append((str(model), c, p, lo, up.mean(0)))
    p_all = np.unique(r["p"])
    grid = np.geomspace(p_all.min(), p_all.max(), 100)
    law = np.sqrt(n * d / grid)
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    ax.plot(grid, law, **law_style)
    law_text = r"the law's scaling $\propto\sqrt{nd/p}$"  # proportional: constants omitted
    floors = _floor_lines(ax, r)
    for value in (n, n * d):
        ax.axvline(value, color=ref, lw=0.8, ls=(0, (1, 1.5)), zorder=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"trained parameters $p$")
    ax.set_ylabel(r"Lipschitz constant of the fit")
    lowest = min(float(law.min()), *(float(v.min()) for _, v, _, _ in floors))
    ax.set_ylim(bottom=lowest / 3)  # room under the floors and the law's line for their labels

    # one key for the marks; the series are labelled where they are drawn, or else keyed too
    handles, labels = [], []
    for model, c, *_ in drawn:
        if model in keyed:
            handles.append(key_handle("o", "-", color=c, ms=3.5))
            labels.append(MODEL_LABELS.get(model, model))
    if "law" in keyed:
        handles.append(key_handle(**law_style))
        labels.append(law_text)
    for key, _, text, style in floors:
        if key in keyed:
            handles.append(key_handle(color=ref, lw=0.8, ls=style))
            labels.append(text)
    handles += [
        key_handle("o", color=FOREGROUND, ms=3.5),
        key_handle("o", color=FOREGROUND, mfc="white", ms=3.5),
        key_handle("^", color=FOREGROUND, mfc="none", ms=3.5, mew=0.8),
    ]
    labels += [
        f"lower estimate, train MSE $\\leq {fit_mse:g}$ (fits)",
        f"lower estimate, train MSE $> {fit_mse:g}$",
        "certified upper bound",
    ]
    if not inside:
        key_outside(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    seeds = len(r["seeds"])
    one_line_label(
        ax,
        [
            f"$n={n}$, $d={d}$, {seeds} seeds (bands: min to max); {theorem_note(r)}",
            f"$n={n}$, $d={d}$, {seeds} seeds; {theorem_note(r, short=True)}",
            theorem_note(r, short=True),
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    for _, _, p, lo, up in drawn:
        room.line(p, lo.mean(0), 1.3)
        room.line(p, lo.min(0), 0)
        room.line(p, lo.max(0), 0)
        room.marks(p, lo.mean(0), 3.5)
        room.marks(p, up, 3.5)
    room.line(grid, law, 1.1)
    floor_lines = [
        [room.hline(y, 0.8) for y in (values.min(), values.mean(), values.max())]
        for _, values, _, _ in floors
    ]
    vlines = _thresholds(room, n, d)  # the key and the floors' labels keep clear of them
    if inside and not room.key(handles, labels):
        return fig, ["key"]
    xlim = ax.get_xlim()
    failed = []
    for (key, values, text, _), own in zip(floors, floor_lines, strict=True):
        if key in keyed:
            continue
        y = float(values.mean())  # on its line from the left end, else beside it
        places = room.along(xlim[::-1], [y, y], ("on",), offsets=(0.0,))
        places += room.along(xlim[::-1], [y, y], ("below", "above"), offsets=(2.5,))
        wordings = [text, text.replace(" is ", "\nis ")]
        ann = room.label(wordings, places, ignore=own, fontsize=small, color=ref)
        if room.pop_failed():  # else across p = n or p = n d, interrupting it
            ann.remove()
            room.boxes.pop()
            room.label(wordings, places, ignore=[*own, *vlines], fontsize=small, color=ref)
            failed += [key] if room.pop_failed() else []
    room.soften(vlines)
    curves = [(p, lo.mean(0)) for _, _, p, lo, _ in drawn]
    lines = [(grid, law)] + [(xlim, [float(v.mean())] * 2) for _, v, _, _ in floors]
    for k, (model, c, p, lo, _) in enumerate(drawn):
        if model in keyed:
            continue
        room.label(
            MODEL_LABELS.get(model, model),
            room.beside(p, lo.mean(0), curves[:k] + curves[k + 1 :] + lines),
            near=(p, lo.mean(0)),
            apart=curves[:k] + curves[k + 1 :],
            fontsize=small,
            color=c,
        )
        failed += [model] if room.pop_failed() else []
    if "law" not in keyed:
        room.label(
            law_text,
            room.along(grid, law, offsets=(4.5, 9.0)),
            fontsize=small,
            color=law_style["color"],
        )
        failed += ["law"] if room.pop_failed() else []
    return fig, failed


def collapse_verdict(r: Result, short: bool = False) -> str:
    """Whether the cells of a law-scaling grid lie on one line, in words, from their offsets
    (the intercepts of the within-cell fit) and the within-cell slope's interval (the same words
    as the law-of-robustness chapter's, which reads the same result)."""
    offsets = r["cell_offset"][np.isfinite(r["cell_offset"])]
    if offsets.size < 2:
        return "Too few cells to tell whether they collapse"
    spread = float(np.exp(np.ptp(offsets)))
    if short:
        return (
            f"One line: offsets within $\\times{spread:.2f}$"
            if spread <= 1.25
            else f"No collapse: offsets up to $\\times{spread:.1f}$"
        )
    if spread <= 1.25:
        return f"The cells collapse onto one line: offsets within $\\times{spread:.2f}$"
    if float(r["slope_within_low"]) <= 0.5 <= float(r["slope_within_high"]):
        return f"The law's slope, but no collapse: offsets up to $\\times{spread:.1f}$"
    return f"The cells do not fall on one line: offsets up to $\\times{spread:.1f}$"


def _grid_key(
    ds: Sequence[int], ns: Sequence[int], colors: Mapping[int, str], markers: Mapping[int, str]
) -> tuple[list[Line2D], list[str]]:
    """Key entries of a grid of cells: colour = d, marker = n."""
    handles = [key_handle("s", color=colors[d], ms=4.5) for d in ds]
    handles += [key_handle(markers[n], color=FOREGROUND, ms=3.5) for n in ns]
    return handles, [f"$d={d}$" for d in ds] + [f"$n={n}$" for n in ns]


def _grid_styles(r: Result) -> tuple[list[int], list[int], dict[int, str], dict[int, str]]:
    """The grid's dimensions d and sizes n, a series colour per d and a marker per n."""
    ds = sorted(set(r["d"].tolist()))
    ns = sorted(set(r["n"].tolist()))
    colors = dict(zip(ds, sequence_colors(len(ds)), strict=True))
    markers = dict(zip(ns, "osD^v<>", strict=False))
    return ds, ns, colors, markers


@figure(
    "law-collapse",
    description="Lipschitz lower estimate against p/(n*d) for a grid of n and d: the slope "
    "within cells (the headline), per cell and pooled, with bootstrap intervals, against the "
    "law's -1/2, and whether the cells collapse",
    needs=("law-scaling",),
    width="column",
    caption=(
        r"The Lipschitz lower estimate of smooth training against $p/(nd)$ (more parameters to "
        r"the right) over a grid of $n$ (marker) and $d$ (colour), log-log; thin lines join a "
        r"cell's means over seeds. Filled marks are used in the fits: networks that fit, with "
        r"$2 \leq p/n \leq d$ (the grid's nominal $p/n$) and more than twice the data's floor; "
        r"crosses are within twice the floor. The headline is the slope within cells (black: "
        r"one slope shared by the cells, an intercept each), since the law speaks of each "
        r"$(n, d)$ on its own; the pooled slope (grey, dotted: one line through every cell) "
        r"mixes the cells' offsets into the slope. Both are set against the law's $-1/2$ "
        r"(dashed, through the cells' mean intercept), with bootstrap percentiles (2.5 and 97.5 %) "
        r"over seeds. A bootstrap over $S$ seeds has $\binom{2S-1}{S}$ distinct resamples: "
        rf"{distinct_resamples(_LAW_SEEDS[0])} for the quick preset's {_LAW_SEEDS[0]} seeds, so "
        r"single seeds set the ends: they show how these seeds disagree, not a 95 % interval; the "
        rf"paper preset's {_LAW_SEEDS[1]} seeds give {distinct_resamples(_LAW_SEEDS[1])}, so no "
        r"single seed sets them, though the coverage from so few seeds is still approximate. "
        r"The label above the "
        r"plot says whether the cells collapse onto one line, with the largest factor between "
        r"their offsets (the within-cell intercepts)."
    ),
)
def law_collapse(results: Mapping[str, Result]) -> Figure:
    r = results["law-scaling"]
    return first_that_fits(lambda inside, _: _collapse(r, inside))


def _collapse(r: Result, inside: bool) -> tuple[Figure, bool]:
    fig = Figure(figsize=figsize("column", 1.15))
    ax = fig.subplots()
    ds, ns, colors, markers = _grid_styles(r)
    seeds = int(r["seeds"])
    ref = color("reference")
    cells = []
    for c in range(len(r["n"])):
        n, d = int(r["n"][c]), int(r["d"][c])
        x, lip = 1 / r["nd_over_p"][c], r["lip_lower"][c]  # p/(nd): parameters to the right
        ax.plot(x, lip.mean(0), "-", color=colors[d], lw=0.7, alpha=0.6)
        used = r["used_in_fit"][c]
        xs = np.broadcast_to(x, lip.shape)
        ax.plot(xs[used], lip[used], markers[n], color=colors[d], ms=3)
        ax.plot(xs[~used], lip[~used], markers[n], mfc="white", color=colors[d], ms=3, mew=0.6)
        near = r["near_floor"][c]
        ax.plot(xs[near], lip[near], "x", color=FOREGROUND, ms=4)
        cells.append((x, lip, xs))
    xs = np.geomspace(1 / r["nd_over_p"].max(), 1 / r["nd_over_p"].min(), 50)
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    pooled_style: dict[str, Any] = {"color": ref, "ls": (0, (1, 1.2)), "lw": 1.3}
    within_style: dict[str, Any] = {"color": FOREGROUND, "lw": 1.1}
    # the result's slopes are of Lip against nd/p; against p/(nd) they change sign
    within, pooled = float(r["slope_within"]), float(r["slope"])
    drawn: list[tuple[np.ndarray, np.ndarray]] = []
    handles, labels = [], []
    if np.isfinite(within):
        for c, (_, _, xs_) in enumerate(cells):
            span = xs_[r["used_in_fit"][c]]
            if span.size:
                seg = np.geomspace(span.min(), span.max(), 20)
                y = np.exp(float(r["cell_intercept"][c])) * seg**-within
                ax.plot(seg, y, **within_style)
                drawn.append((seg, y))
        low, high = float(r["slope_within_low"]), float(r["slope_within_high"])
        handles.append(key_handle(ls="-", **within_style))
        labels.append(f"within cells ${-within:.2f}$ [${-high:.2f}$, ${-low:.2f}$]")
        centre = np.exp(np.nanmean(r["cell_intercept"]))
        law = centre * xs**-0.5
        ax.plot(xs, law, **law_style)
        drawn.append((xs, law))
    if np.isfinite(pooled):
        line = np.exp(float(r["intercept"])) * xs**-pooled
        ax.plot(xs, line, **pooled_style)
        drawn.append((xs, line))
        low, high = float(r["slope_low"]), float(r["slope_high"])
        handles.append(key_handle(**pooled_style))
        labels.append(f"pooled ${-pooled:.2f}$ [${-high:.2f}$, ${-low:.2f}$]")
    if np.isfinite(within):
        handles.append(key_handle(**law_style))
        labels.append("the law's slope $-1/2$")
    if (~r["used_in_fit"]).any():  # in the lines' key, which is wide already
        handles.append(key_handle("o", color=FOREGROUND, mfc="white", ms=3, mew=0.6))
        labels.append("open marks: not in the fits")
    handles += [key_handle(), key_handle()]  # no sample: what the brackets are
    resamples = int(r["distinct_resamples"])
    labels += [
        "[ ]: bootstrap 2.5–97.5 % over seeds",
        f"{seeds} seeds: {resamples} distinct resamples",
    ]
    # the grid's key (colour d, marker n) inside the plot if it finds room, the lines' below
    grid_handles, grid_labels = _grid_key(ds, ns, colors, markers)
    if r["near_floor"].any():
        grid_handles.append(key_handle("x", color=FOREGROUND, ms=4))
        grid_labels.append("within 2$\\times$ of the floor")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$p/(nd)$")
    ax.set_ylabel("Lip (lower estimate)")
    # 1, 2, 5 per decade over a decade or two (quick); over more (paper: p/(nd) from 0.01 to
    # 6) their labels would run into each other, so the powers of ten only
    lo, hi = ax.xaxis.get_view_interval()
    _plain_log_ticks(ax.xaxis, (1.0, 2.0, 5.0) if hi / lo < 300 else (1.0,))
    _plain_log_ticks(ax.yaxis, (1.0, 2.0, 3.0, 5.0))
    low_lip = min([float(np.nanmin(r["lip_lower"]))] + [float(np.min(y)) for _, y in drawn])
    ax.set_ylim(bottom=low_lip / 1.2)
    key = key_outside(fig, handles, labels)
    if not inside:  # the grid's key beside the plot, the lines' below it; else one key below
        beside = fig.legend(grid_handles, grid_labels, loc="outside right upper")
        fig.set_layout_engine("constrained")
        with warnings.catch_warnings():
            # a trial: a key too wide for the figure squeezes the plot to nothing, which is
            # what is tested next (the final layout below is not excused)
            warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
            fig.draw_without_rendering()
        # too wide for the figure, or leaving the plot under half of it: one key below instead
        squeezed = ax.get_position().width < 0.45
        if squeezed or beside.get_window_extent().x1 > fig.get_window_extent().x1:
            beside.remove()
            key.remove()
            key_outside(fig, handles + grid_handles, labels + grid_labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    verdict = collapse_verdict(r)
    one_line_label(ax, [verdict, collapse_verdict(r, short=True)])
    fig.draw_without_rendering()

    room = Room(ax)
    for x, lip, xs_ in cells:
        room.line(x, lip.mean(0), 0.7)
        room.marks(xs_.ravel(), lip.ravel(), 3.5)
    for x, y in drawn:
        room.line(x, y, 1.1)
    if inside and not room.key(grid_handles, grid_labels):
        return fig, False
    return fig, not room.pop_failed()


@figure(
    "parameters-needed",
    description="the smallest p reaching a target Lipschitz constant while fitting below the "
    "noise level: its exponents of n and d drawn apart, with bootstrap intervals (the law: 1 "
    "and 1), and the target's ratio to the data's floor",
    needs=("parameters-needed",),
    caption=(
        r"The law read the other way: for each $(n, d)$, the smallest $p$ at which smooth "
        r"training reaches a target Lipschitz constant (lower estimate) while fitting below the "
        r"noise level, seeds as dots and their median as the cell's mark (colour: $d$, marker: "
        r"$n$). One power law $p \propto n^a d^b$ is fitted to the seeds; (a) draws it against "
        r"$n$, a black line for each $d$, and (b) against $d$, a line for each $n$, each against "
        r"the law's exponent 1 (dashed); the labels give $a$ and $b$ with bootstrap "
        r"percentiles (2.5 and 97.5 %) over seeds (a single exponent against $nd$ would hide "
        r"that their fitted values differ); $b$ rests on few values of $d$ (two at the quick "
        r"preset, three at the paper's), and the target's ratio to the floor rises with $d$, "
        r"which may set it. A "
        r"seed that does not reach the target on the grid (open triangle, at the largest $p$ "
        r"tried) is left out of the fit; the key gives the exponents with it kept at that lower "
        r"bound. (c) The target over each cell's fit floor, the smallest Lipschitz constant of "
        r"any fit as good: a target only a few times the floor may be set by the data rather "
        r"than by $p$, and so may the exponents."
    ),
)
def parameters_needed(results: Mapping[str, Result]) -> Figure:
    r = results["parameters-needed"]
    return _needed(r)


def _power_law_line(r: Result, n: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The fitted p = C n^a d^b at (n, d), C by least squares on the reached seeds."""
    a, b = float(r["exponent_n"]), float(r["exponent_d"])
    needed = r["p_needed"]
    ok = np.isfinite(needed)
    n_all = np.broadcast_to(r["n"][:, None].astype(float), needed.shape)[ok]
    d_all = np.broadcast_to(r["d"][:, None].astype(float), needed.shape)[ok]
    log_c = float(np.mean(np.log(needed[ok]) - a * np.log(n_all) - b * np.log(d_all)))
    return np.exp(log_c) * n**a * d**b


def _needed(r: Result) -> Figure:
    fig = Figure(figsize=figsize("full", 0.4))
    ax_n, ax_d, ax_f = fig.subplots(1, 3, gridspec_kw={"width_ratios": (1.25, 1.0, 0.9)})
    ds, ns, colors, markers = _grid_styles(r)
    fit_style: dict[str, Any] = {"color": FOREGROUND, "lw": 1.1}
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    top = r["p"].max(axis=1)
    for c in range(len(r["n"])):
        n, d = int(r["n"][c]), int(r["d"][c])
        needed = r["p_needed"][c]
        ok = np.isfinite(needed)
        for ax, x in ((ax_n, n), (ax_d, d)):
            ax.plot(np.full(ok.sum(), x), needed[ok], ".", color=colors[d], ms=3, alpha=0.6)
            if np.isfinite(r["p_needed_median"][c]):
                ax.plot(x, r["p_needed_median"][c], markers[n], color=colors[d], ms=4.5)
            if (~ok).any():  # not reached on the grid: more than the largest p tried
                miss = np.full(int((~ok).sum()), float(top[c]))
                ax.plot(np.full(miss.size, x), miss, "^", mfc="none", color=colors[d], ms=4)
        ax_f.plot(n, float(r["target_over_floor"][c]), markers[n], color=colors[d], ms=4.5)
    if np.isfinite(float(r["exponent_n"])):
        for ax, along, across, key in ((ax_n, ns, ds, "n"), (ax_d, ds, ns, "d")):
            grid = np.geomspace(min(along) / 1.1, max(along) * 1.1, 20)
            for v in across:
                n_at, d_at = (
                    (grid, np.full_like(grid, v)) if key == "n" else (np.full_like(grid, v), grid)
                )
                ax.plot(grid, _power_law_line(r, n_at, d_at), **fit_style)
            # the law's exponent 1, through the middle of the fitted lines
            mid_n, mid_d = np.exp(np.mean(np.log(ns))), np.exp(np.mean(np.log(ds)))
            centre = float(_power_law_line(r, np.array(mid_n), np.array(mid_d)))
            mid = mid_n if key == "n" else mid_d
            ax.plot(grid, centre * grid / mid, **law_style)
    for ax, values, name in ((ax_n, ns, "$n$"), (ax_d, ds, "$d$")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(name)
        ax.set_xlim(min(values) / 1.25, max(values) * 1.25)
        ax.xaxis.set_major_locator(ticker.FixedLocator([float(v) for v in values]))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        _plain_log_ticks(ax.yaxis)
    ax_n.set_ylabel(r"parameters needed $p$")
    ax_d.sharey(ax_n)
    ax_f.set_xscale("log")
    ax_f.set_xlim(min(ns) / 1.25, max(ns) * 1.25)
    ax_f.xaxis.set_major_locator(ticker.FixedLocator([float(v) for v in ns]))
    ax_f.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax_f.xaxis.set_minor_locator(ticker.NullLocator())
    ax_f.set_xlabel("$n$")
    ax_f.set_ylim(0, 1.15 * float(np.nanmax(r["target_over_floor"])))
    ax_f.axhline(1.0, color=color("reference"), lw=0.8, zorder=1)
    ax_f.set_ylabel(f"Lip target {float(r['target_lip']):g} / fit floor")

    handles, labels = _grid_key(ds, ns, colors, markers)
    handles += [key_handle(".", color=FOREGROUND, ms=3), key_handle(ls="-", **fit_style)]
    labels += ["a seed", r"fitted $p \propto n^a d^b$"]
    handles.append(key_handle(**law_style))
    labels.append("the law: exponent 1")
    seeds = int(r["seeds"])
    handles.append(key_handle(ls="none"))
    labels.append(
        f"[ ]: bootstrap 2.5–97.5 %, {seeds} seeds: {distinct_resamples(seeds)} resamples"
    )
    if int(r["unreached"]):
        a_b, b_b = float(r["exponent_n_bound"]), float(r["exponent_d_bound"])
        handles.append(key_handle("^", color=FOREGROUND, mfc="none", ms=4))
        labels.append(f"not reached; kept at the largest $p$: $n^{{{a_b:.2f}}} d^{{{b_b:.2f}}}$")
    key_outside(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()

    def interval(key: str) -> str:
        low, high = float(r[f"{key}_low"]), float(r[f"{key}_high"])
        return f"[{_num(low, '.2f')}, {_num(high, '.2f')}]"

    a, b = float(r["exponent_n"]), float(r["exponent_d"])
    for ax, key, tex, value in ((ax_n, "exponent_n", "n", a), (ax_d, "exponent_d", "d", b)):
        panel = "(a)" if tex == "n" else "(b)"
        power = f"${tex}^{{{value:.2f}}}$"
        one_line_label(
            ax,
            [
                f"{panel} $p \\propto$ {power} {interval(key)}",
                f"{panel} {power} {interval(key)}",
                f"{panel} {power}",
            ],
        )
    one_line_label(ax_f, ["(c) target over floor", "(c) target/floor", "(c)"])
    return fig


@figure(
    "toy-fits",
    description="noisy points interpolated exactly with p = n random features (a kink left of "
    "the first point and one between each two neighbouring points: steep) and with many "
    "(minimum-norm: smooth), the steepest slope marked as Lip",
    needs=("toy-fits",),
    caption=(
        rf"{_TOY.n} noisy points on $[-1, 1]$ interpolated exactly (residuals at rounding level) "
        r"by random ReLU features relu$(w(x - u))$. Left: $p = n$ features, one kink $u$ left of "
        r"the first point and one in each gap between neighbouring points, a square system "
        r"solved exactly: the fit is steep. Right: "
        rf"$p = {_TOY.many_factor}n$ features with kinks anywhere, at minimum norm: it is smooth. "
        r"The thick segment is each fit's steepest piece, its Lipschitz constant (in the label "
        r"above each panel). No interpolant is smoother than the steepest slope of the broken "
        r"line through the points (in the left label). In $d = 1$, $nd = n$: this shows what "
        r"Lip means, not yet the law."
    ),
)
def toy_fits(results: Mapping[str, Result]) -> Figure:
    r = results["toy-fits"]
    fig = Figure(figsize=figsize("full", 0.46))
    axes = fig.subplots(1, 2)  # own y ranges: the spike of the p = n fit dwarfs the other
    grid = r["grid"]
    for ax, name in ((axes[0], "few"), (axes[1], "many")):
        fit, lip = r[f"{name}_fit"], float(r[f"{name}_lip"])
        lo, hi = min(fit.min(), r["y"].min()), max(fit.max(), r["y"].max())
        pad = 0.08 * (hi - lo)
        ax.plot(grid, fit, color=color("random_features"), lw=1.2)
        ax.plot(r["x"], r["y"], "o", color=color("data"), mec="#1A1A1A", mew=0.6, ms=4, zorder=5)
        # The steepest piece: a short segment of slope +-Lip through the fit at that point.
        x0 = float(r[f"{name}_steepest_x"])
        y0 = float(np.interp(x0, grid, fit))
        i = int(np.searchsorted(grid, x0))
        sign = np.sign(fit[min(i + 1, len(fit) - 1)] - fit[max(i - 1, 0)]) or 1.0
        half = min(0.08, 0.35 * (hi - lo) / lip)
        ax.plot(
            [x0 - half, x0 + half],
            [y0 - sign * lip * half, y0 + sign * lip * half],
            color=color("law"),
            lw=2.4,
            solid_capstyle="round",
        )
        ax.set_xlabel("$x$")
        ax.set_xlim(-1, 1)
        ax.set_ylim(lo - pad, hi + pad)
    axes[0].set_ylabel("$y$")
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    floor = float(r["interpolation_lip_min"])
    for ax, name in ((axes[0], "few"), (axes[1], "many")):
        p, lip = int(r[f"{name}_p"]), float(r[f"{name}_lip"])
        how = "$p = n$" if name == "few" else "minimum norm"
        short = rf"$p = {p}$: $\mathrm{{Lip}} = {lip:.3g}$"
        longer = rf"$p = {p}$ ({how}): $\mathrm{{Lip}} = {lip:.3g}$"
        extra = [f"{longer}; no interpolant below {floor:.3g}"] if name == "few" else []
        one_line_label(ax, [*extra, longer, short])
    return fig
