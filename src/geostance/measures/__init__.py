"""geostance.measures."""
