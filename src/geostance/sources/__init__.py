"""geostance.sources."""
