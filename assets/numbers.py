"""Numbers as text, shared by the paper figures (mathtext) and the scenes (TeX)."""

from __future__ import annotations

import math


def plain_sci(x: float, digits: int = 2) -> str:
    """``x`` for plain text (speaker notes, captions): ``1e10``, ``1.4e10``, ``784``."""
    if not math.isfinite(x) or x <= 0 or x < 1e4:
        return f"{x:g}"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def tex_sci(x: float, digits: int = 3, plain_below: float = 1e4) -> str:
    """``x`` as TeX math for parameter counts: ``784``, ``6\\times10^{4}``,
    ``1.75\\times10^{11}``, ``10^{8}`` (``digits`` significant digits, trailing zeros dropped;
    integers below ``plain_below`` written out). Valid in LaTeX and in matplotlib's mathtext."""
    if not math.isfinite(x) or x <= 0:
        return f"{x:g}"
    if x < plain_below and float(x).is_integer():
        return f"{int(x)}"
    k = math.floor(math.log10(x))
    mantissa = float(f"{x / 10**k:.{digits}g}")
    if mantissa >= 10:  # rounding carried into the next decade
        mantissa, k = mantissa / 10, k + 1
    if mantissa == 1:
        return f"10^{{{k}}}"
    return rf"{mantissa:g}\times10^{{{k}}}"
