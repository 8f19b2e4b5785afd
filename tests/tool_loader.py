"""The tests' way to import a script of tools/ (not a package) by name.

(pytest puts tests/ on sys.path, so the test files import this by name.)
"""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tool(name):
    """tools/<name>.py as a module, loaded once and kept in sys.modules (dataclasses
    look their module up there)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
