"""Where the database lives: folders that are a bad place for a SQLite file in use."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import PurePath, PurePosixPath, PureWindowsPath

# Folder names the sync clients create (OneDrive for Business: "OneDrive - Dinas Sosial").
_SYNC_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
}
# Set by the OneDrive client on Windows to the folders it syncs.
_SYNC_ENVIRONMENT = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def as_pure_path(path: str | PurePath) -> PurePath:
    """`path` parsed the way the user's system reads it: a drive letter or a backslash means
    Windows (also when checked elsewhere, e.g. in tests)."""
    text = str(path)
    windows = os.name == "nt" or "\\" in text or PureWindowsPath(text).drive != ""
    return PureWindowsPath(text) if windows else PurePosixPath(text)


def synced_folder(path: str | PurePath, environ: Mapping[str, str] = os.environ) -> str | None:
    """The sync service (OneDrive, Dropbox, ...) whose folder holds `path`, else None.

    Such clients upload and replace files while SQLite has them open, which can corrupt the
    database or lose the last changes (its -wal file is synced separately)."""
    pure = as_pure_path(path)
    folded = [part.casefold() for part in pure.parts]
    for variable in _SYNC_ENVIRONMENT:
        root = environ.get(variable)
        if root:
            root_parts = [part.casefold() for part in as_pure_path(root).parts]
            if root_parts and folded[: len(root_parts)] == root_parts:
                return "OneDrive"
    for part in folded[:-1]:
        name = part.split(" - ", 1)[0].strip()
        if name in _SYNC_FOLDERS:
            return _SYNC_FOLDERS[name]
    return None
