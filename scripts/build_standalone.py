"""Build the standalone one-folder program for people without Python (PyInstaller).

Run it with a Python that has the project's dependencies and PyInstaller installed, from a
separate environment (`python -m venv /tmp/build-venv && /tmp/build-venv/bin/pip install .
pyinstaller`):

    python scripts/build_standalone.py            # -> dist/sampingdesa-VERSION-PLATFORM.zip

The zip holds one folder, `sampingdesa/`, with `sampingdesa` (`sampingdesa.exe` on Windows),
its `_internal/` folder (Python, the dependencies, python-calamine's native module, the
region list and the sample lists) and a short Indonesian `BACA-SAYA.txt`. The same script
runs on the Windows, macOS and Linux release runners (.github/workflows/release.yml).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "sampingdesa"

LAUNCHER = """\
from sampingdesa.cli import main

main()
"""

README_ID = """\
sampingdesa {version}: daftar penerima dan catatan kunjungan Samping Desa
=========================================================================

Program ini berdiri sendiri: tidak perlu memasang Python atau apa pun.

Cara memakai (Windows)
1. Ekstrak (Extract All...) seluruh isi zip ini ke folder biasa, misalnya
   Dokumen\\sampingdesa. Jangan jalankan langsung dari dalam zip.
2. Buka folder sampingdesa hasil ekstrak, klik kolom alamat di Explorer, ketik cmd,
   tekan Enter. Jendela terminal terbuka di folder itu.
3. Coba dulu dengan data contoh:
       sampingdesa demo
4. Mulai dengan data sendiri:
       sampingdesa init
       sampingdesa --help

Cara memakai (Linux/macOS): ekstrak, buka terminal di folder sampingdesa, lalu
       ./sampingdesa demo

Data Anda
- Basis data disimpan di folder data pengguna (lihat: sampingdesa db path), bukan di
  folder program ini. Memasang versi baru di atas versi lama tidak menghapus data;
  pada jalan pertama basis data diperbarui setelah dicadangkan otomatis.
- Jangan simpan basis data di folder OneDrive/Dropbox/Google Drive yang sedang
  disinkronkan: berkas SQLite yang sedang dipakai bisa rusak. Gunakan lokasi bawaan.
- Jika Windows SmartScreen memperingatkan, pilih "More info" lalu "Run anyway" hanya
  bila zip ini didapat dari rilis resmi.

Bantuan: sampingdesa --help (bahasa Inggris: sampingdesa --lang en --help)
"""


def version() -> str:
    text = (ROOT / "src" / NAME / "version.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("no __version__ in src/sampingdesa/version.py")
    return match.group(1)


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def pyinstaller_args(work: Path, dist: Path) -> list[str]:
    launcher = work / "launch_sampingdesa.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    data = os.pathsep.join([str(ROOT / "sample_data"), f"{NAME}/sample_data"])
    return [
        str(launcher),
        "--name", NAME,
        "--onedir",
        "--console",
        "--noconfirm",
        "--clean",
        "--log-level", "WARN",
        "--distpath", str(dist),
        "--workpath", str(work / "build"),
        "--specpath", str(work),
        "--paths", str(ROOT / "src"),
        # Noun groups and catalogues are imported by name at run time.
        "--collect-submodules", NAME,
        "--collect-data", NAME,  # data/wilayah.tsv.gz
        "--add-data", data,  # the sample lists `demo` loads
        "--collect-all", "python_calamine",  # the native reader module
        "--collect-submodules", "rich",
        "--collect-submodules", "typer",
        "--collect-data", "openpyxl",
        "--exclude-module", "tkinter",
        "--exclude-module", "pytest",
        "--exclude-module", "sqlite_utils",
        # Debug symbols are a third of the Linux folder; Windows has none, macOS signs.
        *(["--strip"] if sys.platform.startswith("linux") else []),
    ]  # fmt: skip


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def zip_folder(folder: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            info_name = path.relative_to(folder.parent).as_posix()
            if path.is_file():
                # write() keeps the executable bit for the Linux/macOS builds.
                archive.write(path, info_name)


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "standalone")
    args = parser.parse_args(argv)
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise SystemExit(
            "PyInstaller is not installed in this Python; use a separate environment:\n"
            "  python -m venv /tmp/build-venv && /tmp/build-venv/bin/pip install . pyinstaller"
        ) from None
    dist: Path = args.dist.resolve()
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    dist.mkdir(parents=True, exist_ok=True)
    # PyInstaller looks for the package here and in child Pythons: build from this tree.
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
    )
    started = time.perf_counter()
    pyinstaller.run(pyinstaller_args(work, dist))
    folder = dist / NAME
    ver = version()
    (folder / "BACA-SAYA.txt").write_text(
        README_ID.format(version=ver).replace("\n", "\r\n" if os.name == "nt" else "\n"),
        encoding="utf-8",
        newline="",
    )
    target = dist / f"{NAME}-{ver}-{platform_tag()}.zip"
    zip_folder(folder, target)
    seconds = time.perf_counter() - started
    print(f"built {folder} ({folder_size(folder) / 1e6:.1f} MB) in {seconds:.0f} s")
    print(f"zipped {target} ({target.stat().st_size / 1e6:.1f} MB)")
    shutil.rmtree(work / "build", ignore_errors=True)
    return target


if __name__ == "__main__":
    main()
