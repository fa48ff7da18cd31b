"""The experiments' framework: configs, the registry, the result store and the fingerprint of the
code behind each result, sweeps and their executors, seeding, errors, paths and atomic files."""
