"""Kemendagri region codes (shipped) and forgiving name matching (pure functions)."""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sampingdesa.errors import Conflict, NotFound
from sampingdesa.i18n import _

# The codes themselves are data of the value layer, re-exported for the callers of places.
from sampingdesa.values.wilayah_codes import kecamatan_exists as kecamatan_exists
from sampingdesa.values.wilayah_codes import national as national
from sampingdesa.values.wilayah_codes import sorted_codes

LEVELS = ("provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan")


@dataclass(frozen=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> str:
        return level_of(self.code)

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def level_of(code: str) -> str:
    parts = code.split(".")
    if len(parts) == 1:
        return "provinsi"
    if len(parts) == 2:
        return "kota" if parts[1].startswith("7") else "kabupaten"
    if len(parts) == 3:
        return "kecamatan"
    return "kelurahan" if parts[3].startswith("1") else "desa"


def region(code: str) -> Region | None:
    name = national().get(code)
    return Region(code, name) if name is not None else None


def descendants(code: str) -> list[Region]:
    """The kecamatan, desa and kelurahan under a kabupaten (or under a kecamatan), in code order."""
    return list(_descendants(code))


@functools.lru_cache(maxsize=64)
def _descendants(code: str) -> tuple[Region, ...]:
    names, ordered = national(), sorted_codes()
    # Codes under `63.06` sort between `63.06.` and `63.06/` ('/' follows '.'): a range, not a scan.
    start = bisect.bisect_left(ordered, code + ".")
    end = bisect.bisect_left(ordered, code + "/", start)
    return tuple(Region(c, names[c]) for c in ordered[start:end])


def normalise_code(text: str) -> str | None:
    """Accept `63.06.05.2001`, `6306052001` or `63 06 05 2001`; None if not code-shaped."""
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits.isdigit():
        return None
    widths = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}.get(len(digits))
    if widths is None:
        return None
    parts, start = [], 0
    for width in widths:
        parts.append(digits[start : start + width])
        start += width
    return ".".join(parts)


# Abbreviations seen in office lists; each maps to the spelling Kemendagri uses.
_ABBREVIATIONS = {
    "mdl": "mandala",
    "sei": "sungai",
    "sng": "sungai",
    "sgi": "sungai",
    "tlk": "teluk",
    "tj": "tanjung",
    "tjg": "tanjung",
    "kdg": "kandangan",
    # Points of the compass, as lists shorten them ("Bamban Sel.", "Daha Utr.").
    "sel": "selatan",
    "slt": "selatan",
    "utr": "utara",
    "ut": "utara",
    "tgh": "tengah",
    "tng": "tengah",
    "bar": "barat",
    "brt": "barat",
    "tim": "timur",
    "tmr": "timur",
    "kel": "",
    "kelurahan": "",
    "desa": "",
    "ds": "",
    "kec": "",
    "kecamatan": "",
    "kab": "",
    "kabupaten": "",
}


def normalise_name(text: str) -> str:
    """Lower case, punctuation to spaces, abbreviations expanded, prefixes like `Desa` dropped."""
    words = re.sub(r"[^\w]+", " ", text.lower()).split()
    expanded = [_ABBREVIATIONS.get(word, word) for word in words]
    return " ".join(word for word in expanded if word)


CLOSE = 0.85  # how alike two names must be to count as a small typo


def similarity(typed: str, name: str) -> float:
    """difflib's ratio, or 0 when the lengths alone rule out a small typo (a pasted paragraph
    would otherwise cost a quadratic comparison with every name)."""
    shorter, longer = sorted((len(typed), len(name)))
    if not longer or 2 * shorter / (shorter + longer) < CLOSE:
        return 0.0
    return difflib.SequenceMatcher(None, typed, name).ratio()


@functools.lru_cache(maxsize=8192)
def place_key(name: str) -> str:
    """`normalise_name` of a place's own name, cached: every lookup compares the text typed
    against the same few hundred names (the text typed itself is never cached)."""
    return normalise_name(name)


def match_regions(text: str, candidates: Iterable[Region]) -> list[Region]:
    """Regions whose name (or code) matches `text`; the closest tier that matches wins."""
    pool = list(candidates)
    code = normalise_code(text)
    if code is not None:
        return [r for r in pool if r.code == code]
    wanted = normalise_name(text)
    if not wanted:
        return []
    names = {r: place_key(r.name) for r in pool}
    exact = [r for r, name in names.items() if name == wanted]
    if exact:
        return exact
    squeezed = wanted.replace(" ", "")
    compact = [r for r, name in names.items() if name.replace(" ", "") == squeezed]
    if compact:
        return compact
    # Small typos: compare without spaces, so "Telagabidadari" ~ "Telaga Bidadari".
    scored = [(similarity(squeezed, name.replace(" ", "")), r) for r, name in names.items()]
    close = [(score, r) for score, r in scored if score >= CLOSE]
    if close:
        best = max(score for score, _r in close)
        return [r for score, r in close if best - score < 0.05]
    return []


def search_regions(text: str, candidates: Iterable[Region]) -> list[Region]:
    """Every region `text` could mean, best first: the exact name (or code), then names that
    begin with it, then names with words beginning with each of its words (`gambah` finds
    the four "Gambah ..." desa), then close spellings."""
    pool = list(candidates)
    code = normalise_code(text)
    if code is not None:
        return [r for r in pool if r.code == code or r.code.startswith(code + ".")]
    wanted = normalise_name(text)
    if not wanted:
        return []
    words = wanted.split()
    squeezed = wanted.replace(" ", "")
    ranked: list[tuple[int, Region]] = []
    for r in pool:
        name = place_key(r.name)
        name_words = name.split()
        if name == wanted or name.replace(" ", "") == squeezed:
            tier = 0
        elif name.startswith(wanted):
            tier = 1
        elif all(any(w.startswith(word) for w in name_words) for word in words):
            tier = 2
        elif similarity(squeezed, name.replace(" ", "")) >= CLOSE:
            tier = 3
        else:
            continue
        ranked.append((tier, r))
    ranked.sort(key=lambda item: (item[0], item[1].code.count("."), item[1].name, item[1].code))
    return [r for _tier, r in ranked]


def resolve_region(text: str, candidates: Sequence[Region], what: str) -> Region:
    """Exactly one region for `text`, or an error that lists the choices with their codes."""
    found = match_regions(text, candidates)
    if len(found) == 1:
        return found[0]
    if not found:
        suggestions = difflib.get_close_matches(
            normalise_name(text), [place_key(r.name) for r in candidates], n=3, cutoff=0.6
        )
        hint = ""
        if suggestions:
            hint = " " + _("Did you mean: {names}?").format(names=", ".join(suggestions))
        raise NotFound(
            _("No {what} matches {text!r}.").format(what=what, text=text)
            + hint
            + " "
            + _("See `sampingdesa wilayah list`.")
        )
    listed = "; ".join(f"{r.code} {r.name}" for r in found)
    raise Conflict(
        _("{count} {what} match {text!r}: {listed}. Give the code instead.").format(
            count=len(found), what=what, text=text, listed=listed
        )
    )


def idm_status(score: float) -> str:
    """Indeks Desa Membangun status for the mean of IKS, IKE and IKL (Permendesa 2/2016)."""
    if score <= 0.4907:
        return "Sangat Tertinggal"
    if score <= 0.5989:
        return "Tertinggal"
    if score <= 0.7072:
        return "Berkembang"
    if score <= 0.8155:
        return "Maju"
    return "Mandiri"
