"""Data files shipped with geostance (read with ``importlib.resources``)."""
