"""Reading a built PDF as a reader and a screen reader would: its text page by page (pdftotext)
and its structure tree (pypdf)."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, laid out as printed, whitespace folded to single spaces."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [re.sub(r"\s+", " ", page).strip() for page in out.split("\f")[:-1]]


@dataclass
class Node:
    tag: str
    alt: str | None
    depth: int
    children: list[Node]


def structure(pdf: bytes) -> Node:
    """The structure tree (what a screen reader reads), as nested nodes."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]
    return _node(root, 0)


def _node(obj, depth: int) -> Node:
    obj = obj.get_object()
    kids = obj.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    children = []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get") and kid.get("/S") is not None:
            children.append(_node(kid, depth + 1))
    alt = obj.get("/Alt")
    return Node(str(obj.get("/S", "")), str(alt) if alt is not None else None, depth, children)


def walk(node: Node):
    yield node
    for child in node.children:
        yield from walk(child)
