"""The training scripts of ``train/`` loaded as modules, for the tests of their recipes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["REPO", "train_module"]

REPO = Path(__file__).resolve().parents[1]


def train_module(name: str) -> ModuleType:
    """``train/<name>.py`` as a module (the scripts import each other from ``train/``)."""
    train = str(REPO / "train")
    if train not in sys.path:
        sys.path.insert(0, train)
    spec = importlib.util.spec_from_file_location(name, REPO / "train" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
