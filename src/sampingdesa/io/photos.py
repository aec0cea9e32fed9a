"""Photo files attached to a visit or a pendataan entry: found, read and hashed (SHA-256)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sampingdesa.errors import InvalidValue, NotFound
from sampingdesa.i18n import _


def photo_rows(photos: list[Path]) -> list[dict[str, str]]:
    """Each photo as `{"path": its full path, "sha256": its digest}`; a missing or unreadable
    file is refused, naming it."""
    rows = []
    for path in photos:
        try:
            resolved = Path(path).expanduser()
            if not resolved.is_file():
                raise NotFound(_("Photo {path} not found.").format(path=path))
            digest = hashlib.sha256()
            with resolved.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 16), b""):
                    digest.update(chunk)
            full = str(resolved.resolve())
        except (OSError, RuntimeError, ValueError) as error:  # ~nobody/, a name too long ...
            raise InvalidValue(
                "photo", path, _("Cannot read photo {path}: {error}").format(path=path, error=error)
            ) from None
        rows.append({"path": full, "sha256": digest.hexdigest()})
    return rows
