"""What figures and scenes share that is not computation: the theme (``theme.json``, read by
``theme.py``), number formatting, the rows and series a chart shows (``charts.py``) and where its
labels go (``layout.py``)."""
