"""Numerics shared by the topics: samplers, convex bodies, two-layer networks and their training."""
