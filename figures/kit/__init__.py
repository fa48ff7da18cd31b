"""What every paper figure uses: the registry (``@figure``), the venue styles, the label placer
(``labels``) and the LaTeX proof of a figure's PDF at its venue's width (``proof``)."""
