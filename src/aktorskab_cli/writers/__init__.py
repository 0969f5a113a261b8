"""Writers render an `Opsamling` (docx, pptx, md, json), printed material (docx, md) or the programme's status
report (docx, pptx, md, json), each a `write(x, path)`."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aktorskab_cli.opsamling.model import Opsamling

FORMATS = {"docx": "docx", "pptx": "pptx", "md": "markdown", "json": "json"}


def write(ops: Opsamling, path: Path, fmt: str) -> None:
    """Write `ops` in `fmt` (docx, pptx, md, json); each writer is imported only when asked for."""
    import_module(f"aktorskab_cli.writers.{FORMATS[fmt]}").write(ops, path)


def write_material(material: object, path: Path, fmt: str) -> None:
    """Write a printed programme or dialogue guide (`aktorskab_cli.agenda.material`) in `fmt` (docx, md)."""
    import_module(f"aktorskab_cli.writers.material_{FORMATS[fmt]}").write(material, path)


def write_status(report: object, path: Path, fmt: str) -> None:
    """Write the programme's status report (`aktorskab_cli.programme.report`) in `fmt` (docx, pptx, md, json)."""
    import_module(f"aktorskab_cli.writers.status_{FORMATS[fmt]}").write(report, path)
