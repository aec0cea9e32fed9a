"""The one way the tool writes a file: whole or not at all, owner-only, with true causes.

`atomic_file(path)` yields a temporary path in the target's own folder (so the rename stays
on one disk); the caller writes it; then the data is flushed to disk (fsync), the file made
owner-only, and renamed over the target in one step. A failure removes the temporary file and
leaves any earlier file as it was. Temporary files left by a run that was killed are removed
at the next write to that folder, and the user is told (`set_announcer`).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import _

TEMP_PREFIX = ".sampingdesa-tmp-"
FULL_BELOW = 1 << 20
_OURS = re.compile(r"^\.sampingdesa-tmp-(\d+)-[0-9a-f]+")
# Names the earlier writers used (tempfile.mkstemp), so their leftovers are cleaned up too.
_LEGACY = re.compile(
    r"^(?:\.sampingdesa-[A-Za-z0-9_]{8}\.(?:xlsx|csv)|\.bundel-[A-Za-z0-9_]{8}\.zip)$"
)

_announcer: list[Callable[[str], None]] = []


def set_announcer(announce: Callable[[str], None] | None) -> None:
    """Where to tell the user about leftovers removed (the CLI passes its `warn`)."""
    _announcer.clear()
    if announce is not None:
        _announcer.append(announce)


def _announce(message: str) -> None:
    for announce in _announcer:
        announce(message)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files an interrupted (killed) run left in `folder`; say so."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        ours = _OURS.match(name)
        if ours is not None and _alive(int(ours.group(1))):
            continue  # another command is writing it right now
        if ours is None and not _LEGACY.match(name):
            continue
        try:
            (folder / name).unlink()
        except OSError:
            continue
        removed.append(folder / name)
    if removed:
        _announce(
            _(
                "Removed {count} unfinished temporary file(s) left in {folder} by an earlier run "
                "that was stopped: {names}."
            ).format(count=len(removed), folder=folder, names=", ".join(p.name for p in removed))
        )
    return removed


def disk_is_full(folder: Path) -> bool:
    """Less than 1 MiB free where `folder` lives (SQLite reports a full disk as an I/O error
    when the -shm or -wal file cannot grow)."""
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return found.f_bavail * found.f_frsize < FULL_BELOW


def output_error(folder: Path, error: OSError) -> SampingError:
    """An OSError while writing in `folder` as a sentence naming the folder and the cause."""
    code = error.errno
    if code == errno.EIO and disk_is_full(folder):
        code = errno.ENOSPC
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        message = _("The disk holding {folder} is full; nothing was written. Free some space.")
    elif code == errno.EROFS:
        message = _("The folder {folder} is read-only (write-protected); nothing was written.")
    elif code in (errno.EACCES, errno.EPERM):
        message = _("No permission to write in the folder {folder}; nothing was written.")
    elif code in (errno.ENOENT, errno.ENOTDIR):
        message = _("The folder {folder} does not exist; nothing was written.")
    else:
        return SampingError(
            _("Cannot write in the folder {folder} ({error}); nothing was written.").format(
                folder=folder, error=error.strerror or error
            )
        )
    return SampingError(message.format(folder=folder))


def check_not_exists(path: Path, force: bool) -> None:
    if not force and path.exists():
        raise InvalidValue(
            "force",
            str(path),
            _("{path} already exists; say that it may be written over.").format(path=path),
        )


def make_private(path: Path) -> None:
    """Owner-only (0600) on POSIX, also for a file that existed before; best effort."""
    if os.name != "posix":
        return
    try:
        mode = os.stat(path).st_mode
        if mode & 0o077:  # owner bits kept: a file made read-only stays read-only
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


@contextmanager
def atomic_file(path: Path, *, force: bool = True, create_folder: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; when the block ends without error the file is
    flushed, made owner-only and renamed to `path` (never half a file)."""
    path = Path(path)
    folder = path.parent
    check_not_exists(path, force)
    if path.is_dir():
        raise SampingError(_("{path} is a folder, not a file.").format(path=path))
    if path.exists() and not path.is_file():  # /dev/zero, a FIFO: never renamed over
        raise SampingError(
            _("{path} is not an ordinary file (a device, a pipe or a socket); choose a file "
              "name to write.").format(path=path)
        )  # fmt: skip
    try:
        if create_folder:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
        remove_stale_temporaries(folder)
        temporary = folder / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{path.suffix}"
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise output_error(folder, error) from None
    try:
        yield temporary
        _flush(temporary)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
        _flush_folder(folder)
    except OSError as error:
        _discard(temporary)
        raise output_error(folder, error) from None
    except BaseException:
        _discard(temporary)
        raise


_WRITE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS)


def install_quiet_close_errors() -> None:
    """After a write failed (a full disk), the writer's half-closed zip file fails again when
    Python collects it, printing "Exception ignored in ZipFile.__del__" and a traceback the
    user does not need: the failure was already said in a sentence. Only those are hidden."""
    import sys

    default = sys.unraisablehook
    if getattr(default, "quiet_close_errors", False):
        return

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        error = unraisable.exc_value
        if isinstance(error, OSError) and error.errno in _WRITE_ERRNOS:
            return
        default(unraisable)

    hook.quiet_close_errors = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); some file systems cannot, which is harmless."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(temporary: Path) -> None:
    for leftover in [
        temporary,
        *(Path(f"{temporary}{tail}") for tail in ("-journal", "-wal", "-shm")),
    ]:
        with suppress(OSError):
            leftover.unlink(missing_ok=True)
