"""One translation mechanism for every user-facing string: gettext.

Source strings (msgids) are English; the Indonesian catalogue is
`locale/id/LC_MESSAGES/sampingdesa.po`, compiled to `sampingdesa.mo` beside it (at build
time by `hatch_build.py`; in a source checkout on first use, when the .mo is missing or was
built from another .po). Indonesian is the default language; `--lang en` or
`SAMPINGDESA_LANG=en` switches to English. `_()` translates a msgid, `ngettext()` a message
with a count, `N_()` marks a msgid used later. Typer's own words go through the same
catalogue (`bind_gettext_domain`).
"""

from __future__ import annotations

import gettext as _gettext
import os
import struct
import zlib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
ENV_LANG = "SAMPINGDESA_LANG"
DOMAIN = "sampingdesa"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DIGEST_HEADER = "X-Source-Digest"

_current = DEFAULT_LANGUAGE


def catalogue_paths(language: str = "id") -> tuple[Path, Path]:
    """(.po, .mo) of a language."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def read_mo(data: bytes) -> dict[str, str]:
    """The entries of a .mo file (GNU format, little-endian as we write it), undecoded plural
    keys included ("singular\0plural"). Faster than `gettext.GNUTranslations` (no per-entry
    header and charset work), which matters at start-up."""
    if data[:4] != b"\xde\x12\x04\x95":
        raise ValueError("not a little-endian .mo file")
    count, originals, translations = struct.unpack_from("<3I", data, 8)
    keys = struct.unpack_from(f"<{2 * count}I", data, originals)
    values = struct.unpack_from(f"<{2 * count}I", data, translations)
    return {
        data[keys[i + 1] : keys[i + 1] + keys[i]].decode(): data[
            values[i + 1] : values[i + 1] + values[i]
        ].decode()
        for i in range(0, 2 * count, 2)
    }


def source_digest(po_bytes: bytes) -> str:
    """What the .mo's header records of the .po it was built from (size and CRC-32: zlib is
    loaded at start-up anyway, hashlib would cost 3 ms)."""
    return f"{len(po_bytes)}-{zlib.crc32(po_bytes):08x}"


def _digest_in(header: str) -> str | None:
    for line in header.splitlines():
        name, _sep, value = line.partition(":")
        if name.strip().lower() == DIGEST_HEADER.lower():
            return value.strip()
    return None


def _load(po: Path, mo: Path) -> dict[str, str]:
    """The compiled catalogue: the .mo when it was built from this .po (its header carries
    the .po's digest), else the .po compiled now and the .mo rewritten (best effort)."""
    try:
        source: bytes | None = po.read_bytes()
    except FileNotFoundError:
        source = None
    try:
        entries = read_mo(mo.read_bytes())
    except (FileNotFoundError, ValueError, struct.error):  # missing or damaged: rebuild
        entries = None
    if entries is not None and (
        source is None or _digest_in(entries.get("", "")) == source_digest(source)
    ):
        return entries
    if source is None:
        raise FileNotFoundError(po)
    from sampingdesa.locale.catalog import compile_mo, parse_po

    compiled = compile_mo(parse_po(source.decode("utf-8")), source_digest(source))
    temporary = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(compiled)
        os.replace(temporary, mo)
    except OSError:  # a read-only install (compiled in memory on each run), or a busy .mo
        import contextlib

        with contextlib.suppress(OSError):
            temporary.unlink()
    return read_mo(compiled)


@cache
def messages() -> dict[str, str]:
    """The Indonesian .mo as loaded: msgid -> text, plural keys "singular\0plural" -> forms
    separated by NUL, the header under ""."""
    return _load(*catalogue_paths())


@cache
def catalogue() -> dict[str, str]:
    """msgid -> Indonesian text, for singular messages (the header left out)."""
    return {k: v for k, v in messages().items() if k and "\0" not in k}


@cache
def plural_catalogue() -> dict[tuple[str, str], list[str]]:
    """(singular, plural) -> the Indonesian forms (one: Indonesian has no plural)."""
    return {
        (k.split("\0")[0], k.split("\0")[1]): v.split("\0")
        for k, v in messages().items()
        if "\0" in k
    }


def normalise_language(value: str | None) -> str:
    """Map what a user typed (`ID`, `id_ID`, `en-US`, `english`) to a supported language."""
    if not value:
        return DEFAULT_LANGUAGE
    short = value.strip().lower().replace("-", "_").split("_")[0]
    if short in ("en", "english", "inggris"):
        return "en"
    return DEFAULT_LANGUAGE


def detect_language(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """Language from `--lang X` / `--lang=X` in argv, else the environment, else Indonesian."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return normalise_language(argv[index + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return normalise_language(environ.get(ENV_LANG))


def set_language(language: str) -> None:
    global _current
    _current = normalise_language(language)


def get_language() -> str:
    return _current


def _(msgid: str) -> str:
    """Translate `msgid` (English) into the current language."""
    if _current == "en":
        return msgid
    return messages().get(msgid, msgid)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` ("1 recipient", "2 recipients") in the current
    language; format the result with the count: `ngettext(...).format(count=n)`."""
    return plural_translate_to(_current, singular, plural, count)


def N_(msgid: str) -> str:
    """Mark `msgid` for extraction where it is defined; translate it with `_()` where used."""
    return msgid


def translate_to(language: str, msgid: str) -> str:
    return msgid if normalise_language(language) == "en" else messages().get(msgid, msgid)


def plural_translate_to(language: str, singular: str, plural: str, count: int) -> str:
    if normalise_language(language) != "en":
        found = messages().get(f"{singular}\0{plural}")
        if found is not None:
            return found.split("\0")[0]  # Plural-Forms: nplurals=1; plural=0;
    return singular if count == 1 else plural


def bind_gettext_domain(language: str) -> None:
    """Make `gettext.gettext` (which Typer calls for its own words: Options, Commands,
    [required] ...) read this catalogue in `language`: our domain becomes the global one,
    bound to our locale folder, and `LANGUAGE` names the language, as for any gettext
    program. For the command line only; a script that imports the library keeps its own."""
    if normalise_language(language) == "id":
        messages()  # compiles the .mo beside the .po if it is missing or stale
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = normalise_language(language)
