"""Words a narrow table column broke in two: 'Meningkatny a', 'Pembentukan/Selek si', 'So
sialisasi/Penyuluhan/Bimb ingan'. Word, LibreOffice and reportlab break a word that is wider than
its cell wherever the line runs out, with no hyphen; the text layer then holds two pieces, and
joining wrapped lines with a space leaves them apart in the label an auditor reads.

Two pieces are joined when together they spell a word the catalogue, its programs or the
gazetteer print, and one of them is no such word by itself ('Pemilih an': 'an' is none; but
'Pertanggung jawaban', two words, stays as printed). Short function words never join. A word
that ends in a hyphen ('perundang-' at the end of a line) joins the next whatever it is: the
hyphen is printed, and the two halves are one word ('perundang-undangan').
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from extractor.catalogue.labels import STOPWORDS
from extractor.catalogue.model import Catalogue

_WORD = re.compile(r"[A-Za-z]+")
_HEAD = re.compile(r"^([a-z]+)(?=$|[/.,;:)\-])")  # the next piece starts in lowercase letters
_TAIL = re.compile(r"(?:^|[/(\-])([A-Za-z]+)$")  # the piece before ends in letters
_HYPHENATED = re.compile(r"[A-Za-z]-$")  # a word a hyphen ends: it goes on on the next line


def printed_words(catalogue: Catalogue, extra: Iterable[str] = ()) -> frozenset[str]:
    """Every word (lowercase, letters only) the catalogue prints in a name, alias, synonym or program,
    and ``extra`` (place names)."""
    texts: list[str] = [*catalogue.common_words, *catalogue.part_words, *extra]
    for entry in catalogue.indicators:
        texts += [entry.name, *entry.aliases]
    texts += [p.name for p in catalogue.programs]
    texts += [v for syn in catalogue.synonyms for v in (syn.canonical, *syn.variants)]
    return frozenset(w.lower() for t in texts for w in _WORD.findall(t))


def join_broken_words(text: str, known: Container[str]) -> str:
    """``text`` with each word a column break split in two written whole again."""
    tokens = text.split(" ")
    out: list[str] = []
    for token in tokens:
        if out and _broken(out[-1], token, known):
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


def _broken(before: str, after: str, known: Container[str]) -> bool:
    if _HYPHENATED.search(before) and after[:1].isalpha():
        return True  # 'perundang-' at a line's end, 'undangan' on the next: one word, as printed
    tail, head = _TAIL.search(before), _HEAD.match(after)
    if tail is None or head is None:
        return False
    return _pieces_of_a_word(tail.group(1).lower(), head.group(1), known)


def _pieces_of_a_word(a: str, b: str, known: Container[str]) -> bool:
    if a in STOPWORDS or b in STOPWORDS or (a + b) not in known:
        return False
    return a not in known or b not in known
