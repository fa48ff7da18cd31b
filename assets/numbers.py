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


def spoken(x: float, digits: int = 2) -> str:
    """``x`` as a narrator says it, for the speech voice and the captions: ``200``, ``4000``,
    ``8.5 thousand``, ``47 million``, ``2.8 trillion`` (no separators, no powers: a speech
    engine reads ``8517`` as a year and ``1e10`` letter by letter). Numbers below 1000 and round
    thousands below 10000 are written out; larger ones keep ``digits`` significant digits."""
    if not math.isfinite(x) or x < 1000 or (x < 10_000 and x % 1000 == 0):
        return f"{x:g}"
    x = float(f"{x:.{digits}g}")
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if x >= size:
            return f"{x / size:g} {word}"
    return f"{x:g}"


def spoken_list(values: list[float]) -> str:
    """``100``, ``100 and 200``, ``10, 20 and 40``: values for speech (see :func:`spoken`)."""
    words = [spoken(float(v)) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
