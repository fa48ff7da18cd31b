"""Paper figures (matplotlib): one function per figure, results -> Figure, in the paper style."""

from figures.kit.registry import FigureSpec, all_figures, build_figure, get_figure

__all__ = ["FigureSpec", "all_figures", "build_figure", "get_figure"]
