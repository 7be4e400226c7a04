"""The one label normaliser of lakip: how a printed label becomes the words it is compared on.

Three levels, each built on the one before, so every part of lakip folds text the same way:
``fold`` (look-alike letters, accents, case), ``plain_label`` (fold and punctuation gone: the key the
audit and the evaluation use to recognise the same line twice) and ``LabelNormaliser`` (numbering,
codes, values and unit names removed, the catalogue's synonyms applied: the words the matcher scores).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractor.catalogue.clauses import strip_targets
from extractor.catalogue.model import Catalogue, Definition

HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТХУЅІЈаеорсхуѕіјԁԛԝвкмнтΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοερνικτυχ",
    "ABEKMHOPCTXYSIJaeopcxysijdqwbkmhtABEZHIKMNOPTYXaoepvikTux",
)
_LATIN_EXTRA = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae"})
PLACEHOLDER = "satker"  # stands for any unit name ("KPU Kota X"), so units never decide a match
STOPWORDS = frozenset(
    "yang dan di ke dari dalam dengan untuk pada oleh atas serta terhadap secara atau para ini itu tersebut "
    "sebagai akan telah adalah bagi guna mengenai tentang antara per juga tahun sesuai tercapai berhasil".split()
)
UNIT_WORDS = frozenset(
    {"kpu", "kabupaten", "kab", "kota", "provinsi", "prov", "propinsi", "satker", "sekretariat"}
)
# tags naming the kind of indicator a row is ("IKU 4.1 ...", "[IKK 8.3.1.1] ...", "IKSP"): Indikator Kinerja
# Utama / Kegiatan / Program / Sasaran Strategis / Sasaran Program / Sasaran Kegiatan / Individu
INDICATOR_TAGS = frozenset({"ik", "iku", "ikk", "ikp", "iks", "ikss", "iksp", "iksk", "ikt", "iki", "ikd"})
WEIGHTLESS = STOPWORDS | UNIT_WORDS | INDICATOR_TAGS | {PLACEHOLDER}
# words a sasaran opens with ("Meningkatnya akuntabilitas kinerja ..."): such a row names a goal, not a measure
SASARAN_HEADS = frozenset(
    "meningkatnya terwujudnya terlaksananya tersedianya menguatnya tercapainya terbayarnya tersajinya "
    "terjaminnya terpenuhinya terbangunnya terciptanya meningkatkan mewujudkan".split()
)
JOINED = frozenset({"dan", "serta"})  # words that join a second quantity to a name
# words a kegiatan opens with ("Penyelenggaraan survei kepuasan masyarakat" holds a survey, it does not
# measure satisfaction): such a row is only one of the entries that are themselves worded as activities
ACTIVITY_HEADS = frozenset(
    "penyelenggaraan pelaksanaan penyusunan pengelolaan penyediaan pemeliharaan pembangunan fasilitasi "
    "koordinasi pembinaan penataan".split()
)
# words that say how a quantity is measured, not what ("Persentase", "Nilai", "Indeks"), and words that
# count or compare things ("Jumlah", "Rasio")
MEASURE_WORDS = frozenset(
    "persentase tingkat indeks nilai survei rata skor capaian hasil angka derajat".split()
)
_COUNT_WORDS = frozenset("jumlah rasio proporsi cakupan".split())
# rows of a budget table name spending, not a measure: a program, or an expenditure account (the jenis
# belanja of the Bagan Akun Standar: "Belanja Pegawai", "Belanja Barang dan Jasa", "Belanja Modal",
# Permendagri 90/2019 and PMK 102/2018; "Belanja Kursus Singkat/Pelatihan" in a pemda DPA)
_SPENDING_HEADS = frozenset({"program", "belanja"})


def names_no_quantity(tokens: Sequence[str]) -> bool:
    """A row that names no quantity: a program or expenditure account, or an outcome phrase of a strategy
    map ("SDM yang Kompeten", "Organisasi yang Berkinerja Tinggi", "Pengelolaan Keuangan yang Optimal":
    no measure word, and the clause after 'yang' only qualifies the thing). An indicator worded with
    'yang' opens with what it measures ("Persentase pegawai yang ...", "Jumlah dokumen yang ...")."""
    if not tokens or tokens[0] in _SPENDING_HEADS:
        return bool(tokens)
    if "yang" not in tokens or not (MEASURE_WORDS | _COUNT_WORDS).isdisjoint(tokens):
        return False
    return len(tokens) - 1 - max(i for i, t in enumerate(tokens) if t == "yang") <= 2


_VALUE_WORDS = frozenset({"wtp", "wdp", "tw", "tmp", "aa", "bb", "cc", "ccc", "rp"})
_LEVEL_WORDS = r"(?:kpu|prov\w*|prop\w*|kab\w*|kot\w*|ri|republik\s+indonesia)\b\.?"  # OCR-tolerant
_UNIT_START = re.compile(
    r"\b(?:(?:satker|sekretariat)\s+)?(?:kpu|komisi\s+pemilihan\s+umum)\b"
    # other government units that print the same government-wide indicators ("Nilai SAKIP Setjen DEN",
    # "Opini BPK atas Laporan Keuangan Kementerian Perhubungan"): their name words follow the head
    r"|\b(?P<org>setjen|sekretariat\s+jenderal|kementerian|kemen(?:keu|ag|hub|kes|dag|tan|kumham|sos|panrb)"
    r"|satuan\s+kerja|unit\s+kerja|ditjen|direktorat\s+jenderal|pusat|kantor\s+wilayah|kanwil"
    # courts, prosecutors and regional government units print the same indicators after their name
    # ("Nilai SAKIP Kejaksaan Tinggi", "Indeks kepuasan layanan pengadilan", "Nilai evaluasi SAKIP OPD")
    r"|kejaksaan|pengadilan|mahkamah|inspektorat|biro|dinas|perangkat\s+daerah|opd|skpd|uke"
    # ... and the pemda's secretariat and sub-district offices ("Survey Kepuasan Layanan Internal Sekretariat
    # Daerah", "Indeks Kepuasan Masyarakat Kecamatan X")
    r"|sekretariat\s+daerah|setda|kecamatan|kelurahan"
    # and universities ("Opini WTP atas Laporan Keuangan Perguruan Tinggi", "Predikat SAKIP Universitas X")
    r"|perguruan\s+tinggi|universitas|politeknik|institut"
    # regional governments ("Opini BPK atas Laporan Keuangan Pemerintah Daerah Kabupaten X", "Pemkot Y")
    r"|pemerintah\s+(?:daerah|provinsi|kabupaten|kota)|pemda|pemprov|pemkab|pemkot)\b"
)
_UNIT_LEVEL = re.compile(r"\s*(?:/\s*)?" + _LEVEL_WORDS)
_UNIT_REGION = re.compile(r"\s+([a-z0-9]+)\b")
_CODES = re.compile(
    r"\b\d{3}\.\d{2}\.[a-z]{2}\b|\b\d{4}\.[a-z]{2,3}\.\d{3}\b|\b[a-z]{2,3}\.\s?\d{3,4}\b", re.I
)
_BARE_CODE = re.compile(r"\b[A-Z]{3}\.(?=\s+[A-Z])")
_TAGS = re.compile(r"<[^>]*>")
_HYPHEN = re.compile(r"(?<=[a-z])-\s*(?=[a-z])")
_NUMBERS = re.compile(
    r"(?<![a-z0-9])[-+]?\d[\d.,]*\s*(?:%|persen\b|dokumen\b|laporan\b|layanan\b|kegiatan\b|kali\b|nspk\b|lap\b)?"
    r"(?![a-z0-9])"
)
_PERCENT_WORD = re.compile(r"(?<![\w.,%])(?<!\d\s)%\s*(?=[a-z])")  # a per cent sign standing for the word
_ROMAN = re.compile(r"[ivx]{1,4}")  # list numbering "II." / "iv)"
NON_WORD = re.compile(r"[^a-z0-9]+")
_PARENS = re.compile(r"\(([^()]*)\)")
_SPELLED = re.compile(r"(?P<long>(?:[A-Za-z]+\s+){2,8})\(\s*(?P<short>[A-Za-z]{3,8})\s*\)")
_JOINERS = frozenset({"dan", "atas", "dalam", "di", "&"})


@dataclass(frozen=True)
class LabelNormaliser:
    """What normalisation needs from a catalogue: synonym rewrites and the words a unit name ends at."""

    synonyms: Mapping[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
    known_words: frozenset[str]
    # words a parenthesis must mostly hold to be kept (catalogue words, synonym variants, unit words)
    note_vocabulary: frozenset[str] = frozenset()
    definitions: tuple[Definition, ...] = ()
    # one-word abbreviations the synonyms know ("sakip", "ikpa", "skm"): see drop_spelled_out
    acronyms: frozenset[str] = frozenset()

    @staticmethod
    def of(catalogue: Catalogue) -> LabelNormaliser:
        table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for syn in catalogue.synonyms:
            for variant in syn.variants:
                words = tuple(variant.split())
                table.setdefault(words[0], []).append((words, tuple(syn.canonical.split())))
        known = set(STOPWORDS) | {"ppk", "pps", "kpps", PLACEHOLDER}
        for entry in catalogue.indicators:
            for text in (entry.name, *entry.aliases):
                known.update(NON_WORD.split(fold(text)))
        for syn in catalogue.synonyms:
            known.update(syn.canonical.split())
        frozen = {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in table.items()}
        vocabulary = (
            (known - STOPWORDS)
            | UNIT_WORDS
            | {w for s in catalogue.synonyms for v in s.variants for w in v.split()}
        )
        # an abbreviation is the one-word form of a group that also has a long form ("sakip" beside
        # "sistem akuntabilitas kinerja"); one-word spellings of an ordinary word ("yg", "skor") are none
        acronyms = {
            w
            for syn in catalogue.synonyms
            if any(" " in f for f in (syn.canonical, *syn.variants))
            for w in (syn.canonical, *syn.variants)
            if w.isalpha() and 3 <= len(w) <= 6
        }
        return LabelNormaliser(
            frozen,
            frozenset(known - {""}),
            frozenset(vocabulary - {"", PLACEHOLDER}),
            catalogue.definitions,
            frozenset(acronyms),
        )

    def normalise(self, label: str) -> str:
        return " ".join(self.rewrite(self.tokens(label)))

    def tokens(self, label: str) -> list[str]:
        """Words of a label before synonym rewriting (so OCR repair can still reach the variants)."""
        text = strip_targets(self.drop_notes(self.drop_spelled_out(latin(label))))
        text = _CODES.sub(" ", _BARE_CODE.sub(" ", _TAGS.sub(" ", text))).casefold()
        text = _PERCENT_WORD.sub(" persentase ", _HYPHEN.sub("", text))  # "% Penyusunan Anggaran"
        text = self.mask_units(text)
        text = _NUMBERS.sub(" ", text.replace("**", " "))
        words = [self.root(t) for t in NON_WORD.split(text) if len(t) > 1 and t not in _VALUE_WORDS]
        while len(words) > 1 and _ROMAN.fullmatch(words[0]):
            words.pop(0)
        return words

    def root(self, word: str) -> str:
        """A word without its possessive '-nya' when what is left is a word the catalogue uses
        ("kompetensinya" -> "kompetensi", "pilihnya" -> "pilih"); other words ending so ("hanya") stay."""
        if len(word) > 6 and word.endswith("nya") and word[:-3] in self.note_vocabulary:
            return word[:-3]
        return word

    def drop_notes(self, text: str) -> str:
        """Drop a parenthesis that is a note rather than part of the name: "(Alt 1)", "(Skala 0-100)",
        "(Indikator penunjang IKU Kepala)". One whose words are mostly catalogue words is kept, so an
        acronym ("(SAKIP)", "(IP ASN)", "(IKM)") or a unit name still counts."""
        if not self.note_vocabulary or "(" not in text:
            return text

        def note(m: re.Match[str]) -> str:
            words = [w for w in NON_WORD.split(fold(m.group(1))) if len(w) > 1 and not w.isdigit()]
            known = sum(w in self.note_vocabulary for w in words)
            return " " if 2 * known < len(words) or not words else f" {m.group(1)} "

        return _PARENS.sub(note, text)

    def drop_spelled_out(self, text: str) -> str:
        """Drop the words an abbreviation the synonyms know spells out: "Sistem Akuntabilitas Instansi
        Pemerintah (SAKIP)" is SAKIP, however loosely the long form is written (here without "Kinerja"),
        so the words of a careless long form never dilute what the abbreviation says."""
        if "(" not in text or not self.acronyms:
            return text

        def spelled(m: re.Match[str]) -> str:
            short = m.group("short")
            if not short.isupper() or short.casefold() not in self.acronyms:
                return m.group(0)
            words = m.group("long").split()
            keep = _spelled_by(words, short.casefold())
            return m.group(0) if keep is None else f"{' '.join(words[:keep])} ({short})"

        return _SPELLED.sub(spelled, text)

    def mask_units(self, text: str) -> str:
        """Replace 'KPU Kabupaten Rejang Lebong' / 'Satker KPU Kab. X' / 'KPU' / 'Setjen DEN' by one
        placeholder word, so the unit a label names never decides which indicator it is."""
        out: list[str] = []
        pos = 0
        while (m := _UNIT_START.search(text, pos)) is not None:
            end = m.end()
            levels = 0
            while (lv := _UNIT_LEVEL.match(text, end)) is not None:
                end, levels = lv.end(), levels + 1
            for _ in range(4 if levels or m.group("org") else 0):
                word = _UNIT_REGION.match(text, end)
                if word is None or word.group(1) in self.known_words:
                    break
                end = word.end()
            out.append(f"{text[pos : m.start()]} {PLACEHOLDER} ")
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def rewrite(self, tokens: list[str]) -> list[str]:
        """Apply the synonyms until nothing changes (a rewrite may complete another's variant)."""
        for _ in range(4):
            out = self._rewrite_once(tokens)
            if out == tokens:
                break
            tokens = out
        return self.define(tokens)

    def define(self, tokens: list[str]) -> list[str]:
        """Apply the definitions: a label holding all the words of one says its canonical phrase there."""
        for d in self.definitions:
            if not set(d.all_of) <= set(tokens):
                continue
            gone = set(d.all_of) | set(d.drop)
            at = min(i for i, t in enumerate(tokens) if t in d.all_of)
            kept = [t for t in tokens[:at] if t not in gone]
            tokens = [*kept, *d.canonical.split(), *(t for t in tokens[at:] if t not in gone)]
        return tokens

    def _rewrite_once(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for variant, canonical in self.synonyms.get(tokens[i], ()):
                if tuple(tokens[i : i + len(variant)]) == variant:
                    out.extend(canonical)
                    i += len(variant)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def _spelled_by(words: list[str], short: str) -> int | None:
    """How many of the words to keep: the last words whose initials, in order, are the abbreviation's
    letters (one letter may be skipped: SAKIP from "Sistem Akuntabilitas Instansi Pemerintah"), or None."""
    letters, i, start = short, len(short) - 1, len(words)
    skipped = 0
    for k in range(len(words) - 1, -1, -1):
        word = words[k].casefold()
        if word in _JOINERS and start < len(words):
            continue
        while i >= 0 and letters[i] != word[0] and skipped < 1:
            i, skipped = i - 1, skipped + 1
        if i < 0 or letters[i] != word[0]:
            break
        i, start = i - 1, k
        if i < 0:
            break
    spelled = len(words) - start
    return start if i < 0 and spelled >= 2 else None


def latin(text: str) -> str:
    """NFKC, Cyrillic/Greek look-alikes to Latin, accents stripped; case kept (codes are upper-case)."""
    text = unicodedata.normalize("NFKC", text).translate(HOMOGLYPHS).translate(_LATIN_EXTRA)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Latin letters, no accents, case-folded: the one way lakip compares letters."""
    return latin(text).casefold().translate(_LATIN_EXTRA)


_WORDS = re.compile(r"[^\W_]+")


def plain_label(text: str) -> str:
    """Case-, accent- and punctuation-free words of a label: the key that recognises one line twice."""
    return " ".join(_WORDS.findall(fold(text)))
