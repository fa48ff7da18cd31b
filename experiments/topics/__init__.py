"""The experiments, one module per topic: each registers its experiments with ``@experiment`` and
is found by its file (a new topic is a new module here)."""
