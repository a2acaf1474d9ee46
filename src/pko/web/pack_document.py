"""A briefing pack as HTML (the UI's template) or PDF (WeasyPrint)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pko.consult.pack import Pack
from pko.web import TEMPLATES

_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def html(pack: Pack) -> str:
    """The pack as a standalone HTML page."""
    return _environment.get_template("consult_pack.html").render(pack=pack.as_dict())


def pdf(pack: Pack) -> bytes:
    """The pack as a PDF document."""
    from weasyprint import HTML

    return HTML(string=html(pack)).write_pdf()
