"""REFI-QDA exchange: ``.qdpx`` projects and ``.qdc``
codebooks (NVivo, ATLAS.ti, MAXQDA, QualCoder).
"""

from transfo_analysis.coding.refi._export import export_qdpx, render_document
from transfo_analysis.coding.refi._import import import_qdpx
from transfo_analysis.coding.refi._migrate import create_project, is_new_project
from transfo_analysis.coding.refi._qdc import read_qdc, write_qdc
from transfo_analysis.coding.refi._read import RefiProject, read_qdpx

__all__ = [
    "RefiProject",
    "create_project",
    "export_qdpx",
    "import_qdpx",
    "is_new_project",
    "read_qdc",
    "read_qdpx",
    "render_document",
    "write_qdc",
]
