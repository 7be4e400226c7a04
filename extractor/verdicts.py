"""Grades and opinions in a cell: a SAKIP grade (AA ... D, 'CcC' for 'CC', '72,10 (BB)') or a BPK
opinion (WTP, 'Wajar Tanpa Pengecualian', both). Ordinal verdicts, not figures: ``values`` asks here
before it reads a number."""

from __future__ import annotations

import re

from extractor.vocabulary import FIGURE, OPINION_ORDER, OPINION_PHRASES

_OPINIONS = frozenset(OPINION_ORDER)


def _one_opinion(part: str) -> str | None:
    key = " ".join(re.sub(r"[^a-z]+", " ", part.lower()).split()).removeprefix("opini ")
    if key.upper() in _OPINIONS:
        return key.upper()
    return OPINION_PHRASES.get(key)


def opinion_of(text: str) -> str | None:
    """``WTP``, ``Wajar Tanpa Pengecualian`` or both (``WTP (Wajar Tanpa Pengecualian)``)."""
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    found = {_one_opinion(p) for p in ((m.group(1), m.group(2)) if m else (text,))}
    return found.pop() if len(found) == 1 and None not in found else None


def _grade_token(token: str) -> tuple[str, list[str]] | None:
    """SAKIP grades AA A BB B CC C D, tolerating case slips and a tripled letter (``CcC``)."""
    if not re.fullmatch(r"[A-D][A-Da-d]{0,2}", token) or token.upper() != token[0] * len(token):
        return None
    if len(token) > 1 and token[0] == "D":
        return None
    grade = token[0] * min(len(token), 2)
    return grade, ([f"'{token}' read as '{grade}'"] if token != grade else [])


def small_grade(text: str) -> tuple[str, list[str]] | None:
    """'cc' for 'CC': a doubled grade whose capitals OCR read small, alone in a cell (scans only;
    a lone small letter stays text, a list marker)."""
    if re.fullmatch(r"[abc][a-cA-C]", text) and text[1].lower() == text[0]:
        return text.upper(), [f"'{text}' read as '{text.upper()}'"]
    return None


def grade_of(text: str) -> tuple[str, list[str]] | None:
    token = text.strip("'\"")  # 'A.' stays text: a list marker, not a grade
    found = _grade_token(token)
    if found:
        return found
    m = re.fullmatch(rf"({FIGURE})\s*\(\s*([A-Za-z]{{1,3}})\s*\)", token)  # '72,10 (BB)'
    if m and (found := _grade_token(m.group(2))):
        return found[0], [*found[1], f"score '{m.group(1)}' beside grade kept only in raw"]
    m = re.fullmatch(r"([A-Za-z]{1,3})\s*\(\s*([^()]+?)\s*\)", token)  # 'BB (Sangat Baik)', 'B (64)'
    if m and (found := _grade_token(m.group(1))):
        return found[0], [*found[1], f"'({m.group(2)})' beside grade kept only in raw"]
    return None
