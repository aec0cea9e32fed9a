"""Reading and writing gettext catalogues (.po text, .mo binary) without any dependency.

Used at run time (a source checkout compiles the .po when its .mo is missing or stale), by
the build hook (`hatch_build.py` compiles the .mo into the wheel) and by the scripts that
maintain the .po (`scripts/locale_to_po.py`). Only the subset of the format this project
writes is read: `msgid`, `msgid_plural`, `msgstr`, `msgstr[N]`, comments and flags; entries
flagged `fuzzy` and obsolete (`#~`) entries are left out of the .mo, as `msgfmt` does.
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field

DIGEST_HEADER = "X-Source-Digest"  # the same as sampingdesa.i18n.DIGEST_HEADER


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    plural_msgstrs: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # "#." extracted / "# " translator
    flags: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


class PoError(ValueError):
    pass


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoError(f"line {line}: expected a quoted string, got {text!r}")
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError) as error:
        raise PoError(f"line {line}: bad string {text!r}") from error
    if not isinstance(value, str):
        raise PoError(f"line {line}: bad string {text!r}")
    return value


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file, header (msgid "") first if present, in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # ("msgid"|"msgid_plural"|"msgstr"|"plural", index)
    comments: list[str] = []
    flags: list[str] = []

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    def append(value: str) -> None:
        assert current is not None and target is not None
        kind, index = target
        if kind == "msgid":
            current.msgid += value
        elif kind == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif kind == "msgstr":
            current.msgstr += value
        else:
            current.plural_msgstrs[index] += value

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if target is not None and target[0] != "msgid":
                finish()
                target = None
            if line.startswith("#,"):
                flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#.") or line.startswith("# ") or line == "#":
                comments.append(line)
            continue
        if line.startswith("msgid_plural "):
            if current is None:
                raise PoError(f"line {number}: msgid_plural without msgid")
            current.msgid_plural = ""
            target = ("msgid_plural", 0)
            append(_unquote(line[len("msgid_plural") :], number))
        elif line.startswith("msgid "):
            finish()
            current = Entry(msgid="", comments=comments, flags=flags, line=number)
            comments, flags = [], []
            target = ("msgid", 0)
            append(_unquote(line[len("msgid") :], number))
        elif line.startswith("msgstr["):
            if current is None:
                raise PoError(f"line {number}: msgstr without msgid")
            close = line.index("]")
            index = int(line[len("msgstr[") : close])
            while len(current.plural_msgstrs) <= index:
                current.plural_msgstrs.append("")
            target = ("plural", index)
            append(_unquote(line[close + 1 :], number))
        elif line.startswith("msgstr "):
            if current is None:
                raise PoError(f"line {number}: msgstr without msgid")
            target = ("msgstr", 0)
            append(_unquote(line[len("msgstr") :], number))
        elif line.startswith('"'):
            if current is None or target is None:
                raise PoError(f"line {number}: string outside an entry")
            append(_unquote(line, number))
        else:
            raise PoError(f"line {number}: cannot read {line!r}")
    finish()
    return entries


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    return '"' + escaped.replace("\n", "\\n") + '"'


def _field(keyword: str, text: str) -> list[str]:
    """`keyword "text"`, split after each newline the way msgcat does."""
    if "\n" not in text[:-1]:
        return [f"{keyword} {_quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{keyword} ""', *(_quote(part) for part in parts)]


def format_po(entries: list[Entry]) -> str:
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        lines += _field("msgid", entry.msgid)
        if entry.msgid_plural is not None:
            lines += _field("msgid_plural", entry.msgid_plural)
            for index, text in enumerate(entry.plural_msgstrs):
                lines += _field(f"msgstr[{index}]", text)
        else:
            lines += _field("msgstr", entry.msgstr)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def compile_mo(entries: list[Entry], source_digest: str | None = None) -> bytes:
    """The .mo bytes of `entries` (GNU format, little-endian, no hash table).

    Untranslated and fuzzy entries are left out; `source_digest` is written into the header
    (`X-Source-Digest`) so a loader can tell whether the .mo was built from this .po."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.msgid == "":
            header = entry.msgstr
            if source_digest is not None:
                kept = [
                    line for line in header.splitlines() if not line.startswith(DIGEST_HEADER + ":")
                ]
                header = "".join(f"{line}\n" for line in kept)
                header += f"{DIGEST_HEADER}: {source_digest}\n"
            pairs[b""] = header.encode("utf-8")
            continue
        if entry.fuzzy:
            continue
        if entry.msgid_plural is not None:
            if not entry.plural_msgstrs or not all(entry.plural_msgstrs):
                continue
            original = entry.msgid + "\0" + entry.msgid_plural
            value = "\0".join(entry.plural_msgstrs)
        else:
            if not entry.msgstr:
                continue
            original, value = entry.msgid, entry.msgstr
        pairs[original.encode("utf-8")] = value.encode("utf-8")
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    key_blob = b"".join(key + b"\0" for key in keys)
    value_blob = b"".join(pairs[key] + b"\0" for key in keys)
    originals: list[int] = []
    translations: list[int] = []
    offset = data_at
    for key in keys:
        originals += [len(key), offset]
        offset += len(key) + 1
    for key in keys:
        translations += [len(pairs[key]), offset]
        offset += len(pairs[key]) + 1
    start = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, data_at)
    tables = struct.pack(f"<{len(originals)}I", *originals)
    tables += struct.pack(f"<{len(translations)}I", *translations)
    return start + tables + key_blob + value_blob
