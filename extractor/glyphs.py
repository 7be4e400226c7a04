"""Text as the parsers read it: look-alike letters OCR engines and copy-pasted PDFs put in place of
Latin ones mapped back (each such replacement noted, since it changes meaning), and the many
Unicode spaces, quotes, hyphens and full-width digits made plain."""

from __future__ import annotations

import unicodedata

# Look-alike letters that OCR engines and copy-pasted PDFs put in place of Latin ones. Spelled by
# Unicode name so a reader can see what is mapped (the glyphs themselves are indistinguishable).
_HOMOGLYPH_NAMES: dict[str, str] = {
    **{f"CYRILLIC CAPITAL LETTER {n}": c for n, c in [
        ("A", "A"), ("VE", "B"), ("ES", "C"), ("IE", "E"), ("EN", "H"), ("KA", "K"), ("EM", "M"),
        ("O", "O"), ("ER", "P"), ("TE", "T"), ("HA", "X"), ("U", "Y"), ("DZE", "S"), ("JE", "J"),
        ("BYELORUSSIAN-UKRAINIAN I", "I"),
    ]},
    **{f"CYRILLIC SMALL LETTER {n}": c for n, c in [
        ("A", "a"), ("ES", "c"), ("IE", "e"), ("O", "o"), ("ER", "p"), ("HA", "x"), ("U", "y"),
        ("DZE", "s"), ("JE", "j"), ("BYELORUSSIAN-UKRAINIAN I", "i"), ("SHHA", "h"),
    ]},
    **{f"GREEK CAPITAL LETTER {n}": c for n, c in [
        ("ALPHA", "A"), ("BETA", "B"), ("EPSILON", "E"), ("ZETA", "Z"), ("ETA", "H"), ("IOTA", "I"),
        ("KAPPA", "K"), ("MU", "M"), ("NU", "N"), ("OMICRON", "O"), ("RHO", "P"), ("TAU", "T"),
        ("UPSILON", "Y"), ("CHI", "X"),
    ]},
    "GREEK SMALL LETTER OMICRON": "o",
}  # fmt: skip
_HOMOGLYPHS: dict[str, str] = {unicodedata.lookup(name): latin for name, latin in _HOMOGLYPH_NAMES.items()}

_PLAIN: dict[str, str] = {
    **dict.fromkeys("\u00a0\u202f\u205f\u3000", " "),
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\uff05": "%", "\ufe6a": "%", "\ufb01": "fi", "\ufb02": "fl",
    **{chr(0xFF10 + i): str(i) for i in range(10)},
}  # fmt: skip
_TRANSLATION = str.maketrans({**_PLAIN, **_HOMOGLYPHS})


def normalise_with_notes(text: str) -> tuple[str, list[str]]:
    """Normalised text plus a note for every look-alike letter replaced (those change meaning)."""
    text = unicodedata.normalize("NFC", text)
    notes = [
        f"{unicodedata.name(ch).split()[0].title()} '{ch}' read as '{_HOMOGLYPHS[ch]}'"
        for ch in dict.fromkeys(text)
        if ch in _HOMOGLYPHS
    ]
    return text.translate(_TRANSLATION), notes


def normalise_text(text: str) -> str:
    """Latin letters for look-alikes, plain spaces, quotes and hyphens; tabs and newlines are kept."""
    return normalise_with_notes(text)[0]
