"""Random LAKIP table layouts with truth files: the measuring tool for unseen layouts (issue 11).

One integer seed fixes a ``LayoutSpec`` (header shape, wordings, optional columns, rules, alignment,
number formats, fonts, paper) and the report content drawn from the gold files; the same plan is
drawn by reportlab (``pdf`` path) or written as DOCX and converted by LibreOffice (``docx`` path).
``python -m samples.layouts --seeds 0-19 --path both --out DIR [--scan]``.
"""

from __future__ import annotations

from samples.layouts.generate import Generated, generate, generate_many, parse_seeds

__all__ = ["Generated", "generate", "generate_many", "parse_seeds"]
