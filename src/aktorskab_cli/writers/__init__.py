"""Writers render an `Opsamling` and nothing else: docx, md and json, each a `write(ops, path)`."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aktorskab_cli.opsamling import Opsamling

FORMATS = {"docx": "docx", "md": "markdown", "json": "json"}


def write(ops: Opsamling, path: Path, fmt: str) -> None:
    """Write `ops` in `fmt` (docx, md, json); the docx writer is imported only when asked for."""
    import_module(f"aktorskab_cli.writers.{FORMATS[fmt]}").write(ops, path)
