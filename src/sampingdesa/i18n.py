"""One translation mechanism for every user-facing string.

Source strings (msgids) are English, as in gettext; the Indonesian catalogue lives in
`sampingdesa.locale`. Indonesian is the default language; `--lang en` or
`SAMPINGDESA_LANG=en` switches to English. A test fails when a msgid has no Indonesian entry.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
ENV_LANG = "SAMPINGDESA_LANG"

_current = DEFAULT_LANGUAGE


@cache
def catalogue() -> dict[str, str]:
    from sampingdesa.locale import load_indonesian

    return load_indonesian()


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
    return catalogue().get(msgid, msgid)


def translate_to(language: str, msgid: str) -> str:
    return msgid if normalise_language(language) == "en" else catalogue().get(msgid, msgid)
