"""Which misspellings the matcher may repair: the glyphs OCR really confuses, in one place.

A word of a label that the catalogue does not know is repaired towards a catalogue word near it (see
``Matcher._repair``). Nearness alone rewrote real words: "kesehatan" is two edits from "ketepatan",
"memiliki" from "memilih", "kompeten" from "kompetensi", "pengawasan" from "pengadaan", yet no scan
turns an 's' into a 't' and an 'h' into a 'p'. A repair is therefore accepted only if the damage it
undoes is what a scan or a typist does: glyph confusions that OCR engines are known to make
(``GLYPH_CONFUSIONS``: 'rn' read for 'm', 'cl' for 'd', 'e' for 'c', 'l' for '1' ...), and at most one
slip of another kind (a letter lost or added, two letters swapped, or a pair of letters written twice),
within the edit budget the word's length allows. A letter read as one it does not look like is no
damage a scan does ("pengaduan" is not "pengadaan" with 'a' misread as 'u': they are two words).
"""

from __future__ import annotations

import functools

# Glyphs OCR engines read for one another in Latin print (either way round): the thin verticals
# (l, 1, i, j, t, f), round letters (o, 0, a, c, e), letters that lose or gain a stroke (n/u/r, h/b/n,
# m/n, v/u/y), digits and their letter look-alikes (s/5, b/8/6, g/9/6/q, z/2, a/4, e/3), and groups
# of glyphs read as one (rn/m, cl/d, vv/w, ii/u, li/h, ri/n, in/m, nn/m, lo/b). Labels are folded
# to lower case before repair, so only lower-case letters and digits appear here.
GLYPH_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("l", "1"), ("l", "i"), ("i", "1"), ("i", "j"), ("l", "t"), ("t", "f"),
    ("o", "0"), ("o", "a"), ("o", "c"), ("o", "e"), ("e", "c"), ("a", "e"),
    ("u", "n"), ("n", "r"), ("h", "b"), ("h", "n"), ("m", "n"), ("u", "v"), ("v", "y"),
    ("s", "5"), ("b", "8"), ("b", "6"), ("g", "9"), ("g", "6"), ("g", "q"), ("z", "2"), ("a", "4"), ("e", "3"),
    ("rn", "m"), ("cl", "d"), ("vv", "w"), ("ii", "u"), ("li", "h"), ("ri", "n"), ("in", "m"), ("nn", "m"),
    ("lo", "b"),
)  # fmt: skip
# Letters one loanword is spelled with either way in reports: the 'c' and 'v' of English or of spelling
# before EYD (1972) where the standard spelling writes 'k' and 'f' ('public' for 'publik', 'adhoc' and
# 'adhok', 'legislative' for 'legislatif'). A change of spelling, not damage, so it costs what a glyph does.
LOANWORD_SPELLINGS: tuple[tuple[str, str], ...] = (("c", "k"), ("v", "f"))
_PAIRS = frozenset(p for a, b in (*GLYPH_CONFUSIONS, *LOANWORD_SPELLINGS) for p in ((a, b), (b, a)))
_SPAN = max(len(a) for a, _ in _PAIRS)  # the longest glyph group

# The confusions undone before a word is looked up (read -> printed): each one tried at every place
# and everywhere at once, so 'jrnlah' reaches 'jmlah', one edit from 'jumlah'. A subset of the table
# (every form costs a lookup), chosen for the misreadings that damage Indonesian words most.
UNDONE_FIRST: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("vv", "w"), ("ii", "u"), ("nn", "m"), ("li", "h"),
    ("0", "o"), ("1", "l"), ("1", "i"), ("l", "i"), ("i", "l"), ("5", "s"), ("8", "b"), ("4", "a"),
    ("3", "e"), ("6", "g"), ("c", "e"), ("e", "c"),
)  # fmt: skip

_CONTEXT = 3  # letters kept either side of the damage: a glyph group or a doubled pair may reach into them
_SLIPS = 1  # edits of another kind a repair may undo besides glyph confusions
_NONE = 1 << 20


def ocr_forms(tok: str) -> set[str]:
    """The word with one confusion of ``UNDONE_FIRST`` undone, at each place and everywhere at once."""
    forms: set[str] = set()
    for old, new in UNDONE_FIRST:
        start = tok.find(old)
        if start < 0:
            continue
        forms.add(tok.replace(old, new))
        while start >= 0:
            forms.add(tok[:start] + new + tok[start + len(old) :])
            start = tok.find(old, start + 1)
    return forms


def repair_cost(read: str, word: str, budget: int) -> int | None:
    """Edits that turn ``word`` into ``read`` as a scan or a typist would: glyph confusions, plus at most
    one slip of another kind; None if no such way stays within ``budget`` edits. The shared start and
    end are cut first (keeping a few letters of context), so only the damaged middle is aligned."""
    if read == word:
        return 0
    head = 0
    while head < min(len(read), len(word)) and read[head] == word[head]:
        head += 1
    tail = 0
    while tail < min(len(read), len(word)) - head and read[-1 - tail] == word[-1 - tail]:
        tail += 1
    head, tail = max(0, head - _CONTEXT), max(0, tail - _CONTEXT)
    cost = _aligned(read[head : len(read) - tail], word[head : len(word) - tail])
    return cost if cost <= budget else None


@functools.lru_cache(maxsize=65536)
def _aligned(read: str, word: str) -> int:
    """Fewest edits aligning the two (glyph confusions and up to ``_SLIPS`` slips), or a huge number."""
    n, m = len(read), len(word)
    # best[s][i][j]: fewest glyph confusions aligning read[:i] with word[:j] using s slips
    best = [[[_NONE] * (m + 1) for _ in range(n + 1)] for _ in range(_SLIPS + 1)]
    best[0][0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            for s in range(_SLIPS + 1):
                if best[s][i][j] < _NONE:
                    _step(read, word, best, (s, i, j))
    return min(s + best[s][n][m] for s in range(_SLIPS + 1))


def _step(read: str, word: str, best: list[list[list[int]]], at: tuple[int, int, int]) -> None:
    """Relax every move out of one cell of the alignment."""
    s, i, j = at
    glyphs = best[s][i][j]
    moves = _glyph_moves(read, word, i, j)
    if s < _SLIPS:
        moves += _slip_moves(read, word, i, j)
    for slips, di, dj, g in moves:
        ii, jj = i + di, j + dj
        if ii <= len(read) and jj <= len(word) and glyphs + g < best[s + slips][ii][jj]:
            best[s + slips][ii][jj] = glyphs + g


def _glyph_moves(read: str, word: str, i: int, j: int) -> list[tuple[int, int, int, int]]:
    """(slips, letters of read, letters of word, glyph confusions) of a letter read right or misread."""
    moves = [(0, 1, 1, 0)] if i < len(read) and j < len(word) and read[i] == word[j] else []
    for a in range(1, _SPAN + 1):
        for b in range(1, _SPAN + 1):
            if (read[i : i + a], word[j : j + b]) in _PAIRS:
                moves.append((0, a, b, 1))
    return moves


def _slip_moves(read: str, word: str, i: int, j: int) -> list[tuple[int, int, int, int]]:
    """(slips, letters of read, letters of word, glyph confusions) of a letter added or lost, two letters
    swapped (each maybe misread too), or a pair of letters written twice ('ketetepatan') or once for twice."""
    moves = [(1, 1, 0, 0), (1, 0, 1, 0)]
    if (swapped := _swap(read[i : i + 2], word[j : j + 2])) is not None:
        moves.append((1, 2, 2, swapped))
    if i >= 2 and read[i : i + 2] == read[i - 2 : i]:
        moves.append((1, 2, 0, 0))
    if j >= 2 and word[j : j + 2] == word[j - 2 : j]:
        moves.append((1, 0, 2, 0))
    return moves


def _swap(read: str, word: str) -> int | None:
    """Glyph confusions in two letters read as the word's two swapped ('kinrcja' for 'kinerja'), or None."""
    if len(read) != 2 or len(word) != 2:
        return None
    pairs = ((read[0], word[1]), (read[1], word[0]))
    if not all(a == b or (a, b) in _PAIRS for a, b in pairs):
        return None
    return sum(a != b for a, b in pairs)
