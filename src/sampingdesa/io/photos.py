"""Photo files attached to a visit or a pendataan entry: found, checked to be images by their
first bytes, read and hashed (SHA-256), and recorded by a path that names no user folder."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypedDict

from sampingdesa.errors import InvalidValue, NotFound
from sampingdesa.i18n import _

# The first bytes of the image files a phone or camera writes (issue 23: `--photo` took any
# readable file, /etc/shadow or /proc/self/environ, and synced its path and SHA-256).
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


class PhotoView(TypedDict):
    """A recorded photo as shown to users: where it was, and its SHA-256."""

    path: str
    sha256: str


def is_image(head: bytes) -> bool:
    """True for the start of a JPEG, PNG, HEIC/HEIF or WebP file."""
    return (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or (head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def photo_place(path: Path) -> str:
    """Where a photo is, as recorded: relative to the photo folder (the current folder, as
    `--photo rumah.jpg` is typed there), else to the home folder (`~/...`), else its name
    alone: never an absolute path naming the user or the machine's folders."""
    resolved = path.resolve()
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return prefix + resolved.relative_to(base.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            continue
    return resolved.name


def photo_rows(photos: list[Path]) -> list[dict[str, str]]:
    """Each photo as `{"path": where it is (`photo_place`), "sha256": its digest}`; a
    missing or unreadable file, or one that is not an image, is refused, naming it."""
    rows = []
    for path in photos:
        try:
            resolved = Path(path).expanduser()
            if not resolved.is_file():
                raise NotFound(_("Photo {path} not found.").format(path=path))
            digest = hashlib.sha256()
            with resolved.open("rb") as handle:
                head = handle.read(16)
                if not is_image(head):
                    raise InvalidValue(
                        "photo",
                        path,
                        _("{path} is not a photo: only JPEG, PNG, HEIC/HEIF and WebP image "
                          "files are accepted.").format(path=path),
                    )  # fmt: skip
                digest.update(head)
                for chunk in iter(lambda: handle.read(1 << 16), b""):
                    digest.update(chunk)
            place = photo_place(resolved)
        except (OSError, RuntimeError, ValueError) as error:  # ~nobody/, a name too long ...
            raise InvalidValue(
                "photo", path, _("Cannot read photo {path}: {error}").format(path=path, error=error)
            ) from None
        rows.append({"path": place, "sha256": digest.hexdigest()})
    return rows
