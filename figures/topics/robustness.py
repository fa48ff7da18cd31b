"""Paper figures of the law of robustness (data from ``smoothness-curve`` and ``law-scaling``).

Series are labelled directly where they are drawn, in their own colour
(:class:`figures.kit.labels.Room`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from assets.numbers import tex_sci
from assets.theme import color, load_theme, sequence_colors
from experiments.core.store import Result
from figures.kit.labels import (
    Room,
    _wrap,
    first_that_fits,
    key_handle,
    key_outside,
    small_font_size,
    wrapped_title,
)
from figures.kit.registry import figure
from figures.kit.style import figsize

MODEL_LABELS = {
    "random-features": "random features (min-norm)",
    "trained": "trained, plain loss",
    "smooth": "trained to be smooth",
}
FOREGROUND = load_theme()["paper"]["foreground"]


def _model_color(model: str) -> str:
    return color(model.replace("-", "_"))


def _num(x: float, fmt: str) -> str:
    """A number in maths, so that a negative one gets a true minus sign."""
    return f"${x:{fmt}}$"


FitLine = tuple[np.ndarray, str, str]  # y values, label, colour


def _label_lines(
    room: Room,
    x: np.ndarray,
    lines: Sequence[FitLine],
    to_label: Sequence[FitLine],
    curves: Sequence[tuple[Iterable[float], Iterable[float]]],
    fold: tuple[str, str],
) -> None:
    """Label each line of ``to_label`` (the fitted line, the law's) beside it, away from the
    other lines and the data's ``curves``; if it does not fit, a two-line wording (the
    interval on its own line, and ``fold`` = (old, new) replaced)."""
    for k, (y, text, c) in enumerate(to_label):
        others: list[tuple[Iterable[float], Iterable[float]]] = [
            (x, other) for j, (other, _, _) in enumerate(lines) if j != k
        ]
        others += curves
        room.label(
            [text, text.replace(" [", "\n[").replace(*fold)],
            room.beside(x, y, others),
            near=(x, y),
            apart=others,
            fontsize=small_font_size(),
            color=c,
        )


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
        r"features at minimum norm, plain training, training to be smooth): fitting pure noise "
        r"needs $p \approx n$. Filled marks fit (train MSE under the dashed threshold in every "
        r"seed); smooth training stops just under the threshold, as it is asked to."
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
    wrapped_title(
        ax,
        [
            f"$n={n}$, $d={d}$,",
            f"{len(r['seeds'])} seeds (bands: min to max);",
            f"filled: train MSE $\\leq {fit_mse:g}$ in every seed",
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


def theorem_note(r: Result) -> str:
    """Where the measurement stands against Theorem 3's sample-size condition."""
    need = tex_sci(float(r["theorem_min_n_eps2"]), digits=2, plain_below=1)
    return (
        rf"$n\varepsilon^2 = {float(r['n_eps2']):.0f} < {need}$, Theorem 3's condition: "
        "its scaling, not its regime"
    )


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
        r"exact interpolant, and no fit under the threshold, is smoother. The title says whether "
        r"the run is in Theorem 3's regime."
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
    wrapped_title(
        ax,
        [f"$n={n}$, $d={d}$, {len(r['seeds'])} seeds (bands: min to max);", theorem_note(r)],
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


def collapse_verdict(r: Result) -> str:
    """Whether the cells of a law-scaling grid lie on one line, in words, from their offsets
    (the same words as the law-of-robustness chapter's, which reads the same result)."""
    offsets = r["cell_offset"][np.isfinite(r["cell_offset"])]
    if offsets.size < 2:
        return "Too few cells to tell whether they collapse"
    spread = float(np.exp(np.ptp(offsets)))
    if spread <= 1.25:
        return f"The cells collapse onto one line: offsets within $\\times{spread:.2f}$"
    if float(r["slope_low"]) <= 0.5 <= float(r["slope_high"]):
        return f"The law's slope, but no collapse: offsets up to $\\times{spread:.1f}$"
    return f"The cells do not fall on one line: offsets up to $\\times{spread:.1f}$"


def _grid_key(
    ds: Sequence[int], ns: Sequence[int], colors: Mapping[int, str], markers: Mapping[int, str]
) -> tuple[list[Line2D], list[str]]:
    """Key entries of a grid of cells: colour = d, marker = n."""
    handles = [key_handle("s", color=colors[d], ms=4.5) for d in ds]
    handles += [key_handle(markers[n], color=FOREGROUND, ms=3.5) for n in ns]
    return handles, [f"$d={d}$" for d in ds] + [f"$n={n}$" for n in ns]


def _grid_key_and_lines(
    ds: list[int],
    ns: list[int],
    colors: dict[int, str],
    markers: dict[int, str],
    lines: list[FitLine],
    law_style: dict[str, Any],
    keyed: bool,
) -> tuple[list[Line2D], list[str], list[FitLine]]:
    """The grid's key, with the fitted and the law's lines in it if ``keyed`` (then none is
    left to label on the plot), and the lines to label on the plot."""
    handles, labels = _grid_key(ds, ns, colors, markers)
    if not keyed:
        return handles, labels, lines
    handles = [key_handle(ls="-", color=FOREGROUND, lw=1.1), key_handle(**law_style), *handles]
    return handles, [text for _, text, _ in lines] + labels, []


def _grid_styles(r: Result) -> tuple[list[int], list[int], dict[int, str], dict[int, str]]:
    """The grid's dimensions d and sizes n, a series colour per d and a marker per n."""
    ds = sorted(set(r["d"].tolist()))
    ns = sorted(set(r["n"].tolist()))
    colors = dict(zip(ds, sequence_colors(len(ds)), strict=True))
    markers = dict(zip(ns, "osD^v<>", strict=False))
    return ds, ns, colors, markers


@figure(
    "law-collapse",
    description="Lipschitz lower estimate against p/(n*d) for a grid of n and d: the fitted "
    "log-log slope with its bootstrap interval against the law's -1/2, and whether the cells "
    "collapse",
    needs=("law-scaling",),
    width="column",
    caption=(
        r"The Lipschitz lower estimate of smooth training against $p/(nd)$ (more parameters to "
        r"the right) over a grid of $n$ and $d$, log-log: the fitted slope with its 95 % "
        r"bootstrap interval against the law's $-1/2$; the title says whether the cells collapse "
        r"onto one line, with the largest factor between their offsets."
    ),
)
def law_collapse(results: Mapping[str, Result]) -> Figure:
    r = results["law-scaling"]
    return first_that_fits(lambda inside, keyed: _collapse(r, inside, keyed))


def _collapse(r: Result, inside: bool, keyed: bool) -> tuple[Figure, bool]:
    fig = Figure(figsize=figsize("column", 1.15))
    ax = fig.subplots()
    ds, ns, colors, markers = _grid_styles(r)
    seeds = r["lip_lower"].shape[1]
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
    slope, intercept = float(r["slope"]), float(r["intercept"])
    low, high = float(r["slope_low"]), float(r["slope_high"])
    lines = []
    if np.isfinite(slope):
        # the result's slope is of Lip against nd/p; against p/(nd) it changes sign
        fitted, law = np.exp(intercept) * xs**-slope, np.exp(intercept) * xs**-0.5
        ax.plot(xs, fitted, color=FOREGROUND, lw=1.1)
        ax.plot(xs, law, **law_style)
        lines = [
            (fitted, f"fitted slope ${-slope:.2f}$ [${-high:.2f}$, ${-low:.2f}$]", FOREGROUND),
            (law, "the law's slope $-1/2$", color("law")),
        ]
    handles, labels, lines_to_label = _grid_key_and_lines(
        ds, ns, colors, markers, lines, law_style, keyed
    )
    if r["near_floor"].any():
        handles.append(key_handle("x", color=FOREGROUND, ms=4))
        labels.append("within 2$\\times$ of the floor (left out)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$p/(nd)$")
    ax.set_ylabel("Lip (lower estimate)")
    _plain_log_ticks(ax.xaxis)
    _plain_log_ticks(ax.yaxis, (1.0, 2.0, 3.0, 5.0))
    low_lip = float(np.nanmin(r["lip_lower"]))
    if lines:  # room under the data for the lines' labels
        low_lip = min(low_lip, float(np.min(lines[0][0])), float(np.min(lines[1][0])))
    ax.set_ylim(bottom=low_lip / 1.4)
    if not inside:
        key_outside(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    model = MODEL_LABELS.get(str(r["model"]), str(r["model"]))
    wrapped_title(
        ax,
        [
            f"{collapse_verdict(r)}.",
            f"{model[0].upper()}{model[1:]}, {seeds} seeds;",
            "filled: used in the fit;",
            "[ ]: 95% bootstrap interval",
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    for x, lip, xs_ in cells:
        room.line(x, lip.mean(0), 0.7)
        room.marks(xs_.ravel(), lip.ravel(), 3.5)
    for y, _, _ in lines:
        room.line(xs, y, 1.1)
    if inside and not room.key(handles, labels):
        return fig, False
    means = [(x, lip.mean(0)) for x, lip, _ in cells]
    _label_lines(room, xs, lines, lines_to_label, means, ("'s slope", "'s\nslope"))
    return fig, not room.pop_failed()


@figure(
    "parameters-needed",
    description="the smallest p reaching a target Lipschitz constant while fitting below the "
    "noise level, against n*d: the fitted exponent with its bootstrap interval (the law: 1)",
    needs=("parameters-needed",),
    width="column",
    caption=(
        r"The law read the other way: for each $(n, d)$, the smallest $p$ at which smooth "
        r"training reaches a target Lipschitz constant while fitting, against $nd$ (seeds as "
        r"dots, their median large): the fitted exponent with its bootstrap interval against the "
        r"law's 1, and the exponents of $n$ and $d$ fitted apart."
    ),
)
def parameters_needed(results: Mapping[str, Result]) -> Figure:
    r = results["parameters-needed"]
    return first_that_fits(lambda inside, keyed: _needed(r, inside, keyed))


def _needed(r: Result, inside: bool, keyed: bool) -> tuple[Figure, bool]:
    fig = Figure(figsize=figsize("column", 1.15))
    ax = fig.subplots()
    ds, ns, colors, markers = _grid_styles(r)
    drawn_x, drawn_y, drawn_s = [], [], []
    for c in range(len(r["n"])):
        n, d, cell_nd = int(r["n"][c]), int(r["d"][c]), float(r["nd"][c])
        needed = r["p_needed"][c]
        ok = np.isfinite(needed)
        ax.plot(np.full(ok.sum(), cell_nd), needed[ok], ".", color=colors[d], ms=3, alpha=0.6)
        drawn_x += [cell_nd] * int(ok.sum())
        drawn_y += needed[ok].tolist()
        drawn_s += [3.0] * int(ok.sum())
        if np.isfinite(r["p_needed_median"][c]):
            ax.plot(cell_nd, r["p_needed_median"][c], markers[n], color=colors[d], ms=4.5)
            drawn_x.append(cell_nd)
            drawn_y.append(float(r["p_needed_median"][c]))
            drawn_s.append(4.5)
        missed = int((~ok).sum())
        if missed:  # not reached on the grid: more than the largest p tried
            top = np.full(missed, float(r["p"][c].max()))
            ax.plot(np.full(missed, cell_nd), top, "^", mfc="none", color=colors[d], ms=4)
            drawn_x += [cell_nd] * missed
            drawn_y += top.tolist()
            drawn_s += [4.0] * missed
    nd = np.geomspace(r["nd"].min(), r["nd"].max(), 50)
    law_style: dict[str, Any] = {"color": color("law"), "ls": (0, (5, 2)), "lw": 1.1}
    exponent, intercept = float(r["exponent"]), float(r["intercept"])
    low, high = float(r["exponent_low"]), float(r["exponent_high"])
    lines = []
    if np.isfinite(exponent):
        fitted = np.exp(intercept) * nd**exponent
        centre = np.exp(np.mean(np.log(nd)))  # the law's exponent 1 through the fit's middle
        law = np.exp(intercept) * centre**exponent * (nd / centre)
        ax.plot(nd, fitted, color=FOREGROUND, lw=1.1)
        ax.plot(nd, law, **law_style)
        fit_text = f"{exponent:.2f} [{low:.2f}, {high:.2f}]"
        lines = [  # short in a key (two columns fit where one long entry would take a row)
            (fitted, f"fitted: {fit_text}" if keyed else f"fitted exponent {fit_text}", FOREGROUND),
            (law, "the law: 1" if keyed else "the law's exponent 1", color("law")),
        ]
    handles, labels, lines_to_label = _grid_key_and_lines(
        ds, ns, colors, markers, lines, law_style, keyed
    )
    # a seed that never got there is marked (an open triangle) at the largest p tried; the title
    # says so, in words (a key entry would not leave room for the plot at the slides' size, and
    # a triangle glyph is not in every venue's fonts)
    unreached = "" if np.isfinite(r["p_needed"]).all() else " Open triangle: not reached."
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$nd$")
    ax.set_ylabel(r"parameters needed $p$")
    cells_nd = np.unique(r["nd"])  # the x ticks: the cells' own n d
    ax.set_xlim(cells_nd.min() / 1.25, cells_nd.max() * 1.25)
    ax.xaxis.set_major_locator(ticker.FixedLocator(cells_nd.tolist()))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    _plain_log_ticks(ax.yaxis)
    if not inside:
        key_outside(fig, handles, labels)
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    a, b = float(r["exponent_n"]), float(r["exponent_d"])
    n_range = (
        f"[{_num(float(r['exponent_n_low']), '.2f')}, {_num(float(r['exponent_n_high']), '.2f')}]"
    )
    d_range = (
        f"[{_num(float(r['exponent_d_low']), '.2f')}, {_num(float(r['exponent_d_high']), '.2f')}]"
    )
    wrapped_title(
        ax,
        [
            f"Smallest $p$ with Lip $\\leq {float(r['target_lip']):g}$",
            f"and train MSE $\\leq {float(r['fit_mse']):g}$;",
            f"{r['p_needed'].shape[1]} seeds (dots), median (large).{unreached}",
            f"Apart: $p \\propto n^{{{a:.2f}}}\\, d^{{{b:.2f}}}$",
            f"($n$: {n_range}, $d$: {d_range});",
            "[ ]: 95% bootstrap intervals",
        ],
    )
    fig.draw_without_rendering()

    room = Room(ax)
    room.marks(drawn_x, drawn_y, 4.5)
    for y, _, _ in lines:
        room.line(nd, y, 1.1)
    if inside and not room.key(handles, labels):
        return fig, False
    _label_lines(room, nd, lines, lines_to_label, [], ("'s exponent", "'s\nexponent"))
    return fig, not room.pop_failed()


@figure(
    "toy-fits",
    description="noisy points interpolated exactly with p = n random features (one kink per "
    "gap: steep) and with many (minimum-norm: smooth), the steepest slope marked as Lip",
    needs=("toy-fits",),
    caption=(
        r"Noisy points interpolated exactly by random ReLU features: with $p = n$ (one kink in "
        r"each gap) the fit is steep, with many more at minimum norm it is smooth; the thick "
        r"segment is each fit's steepest piece, its Lipschitz constant. No interpolant is "
        r"smoother than the steepest slope between neighbouring points. In $d = 1$, $nd = n$: "
        r"this shows what Lip means, not yet the law."
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
    for ax, name in ((axes[0], "few"), (axes[1], "many")):
        how = "one kink per gap" if name == "few" else "minimum norm"
        lip = float(r[f"{name}_lip"])
        wrapped_title(ax, [f"$p = {int(r[f'{name}_p'])}$ ({how}):", f"Lip $= {lip:.3g}$"])
    worst = max(float(r["few_residual_max"]), float(r["many_residual_max"]))
    small = small_font_size()
    phrases = [
        f"Random ReLU features through {r['x'].size} points, exactly",
        f"(largest residual ${tex_sci(worst, digits=1, plain_below=0)}$);",
        "thick segment: the steepest piece.",
        f"No interpolant has Lip below {float(r['interpolation_lip_min']):.3g}",
        "(the steepest slope between neighbouring points).",
        "In $d = 1$, $nd = n$: this is what Lip means, not yet the law.",
    ]
    fig.suptitle(_wrap(fig, phrases, 0.96 * fig.get_window_extent().width, small), fontsize=small)
    return fig
