"""Data that is not code (theme, LaTeX template); this package only locates and reads it."""
