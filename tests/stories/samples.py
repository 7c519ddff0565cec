"""Small real files of each kind a story keeps, and some it must refuse."""

from __future__ import annotations

import io

from PIL import Image


def image(kind: str, colour: str = "teal") -> bytes:
    """A real 8 by 8 image in `kind` (JPEG, PNG, WEBP), as a camera or phone would send."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, format=kind)
    return out.getvalue()


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
