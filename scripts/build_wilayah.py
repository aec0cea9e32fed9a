"""Build the packaged region list from ../shared/reference (run by hand when it changes).

The national list is shipped as gzip-compressed `code<TAB>name` lines: level and parent
are derivable from the code's shape, so they are not stored.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "wilayah_indonesia.csv.gz"
TARGET = ROOT / "src" / "sampingdesa" / "data" / "wilayah.tsv.gz"


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        rows = [(row["code"], row["name"]) for row in csv.DictReader(handle)]
    rows.sort()
    text = "".join(f"{code}\t{name}\n" for code, name in rows)
    buffer = io.BytesIO()
    # mtime=0 keeps the file byte-identical between builds.
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(text.encode("utf-8"))
    TARGET.write_bytes(buffer.getvalue())
    print(f"{len(rows)} rows -> {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
