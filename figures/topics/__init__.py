"""The paper figures, one module per topic: each registers its figures with ``@figure`` and is
found by its file (a new topic is a new module here)."""
