#!/usr/bin/env bash
# Smoke test of the standalone build (scripts/build_standalone.py), run with no Python on PATH:
# --version, demo, recipient import of a sample list, report monthly, sync export/import.
# Paths with spaces throughout. Usage: scripts/smoke_standalone.sh [dist/sampingdesa]
# Runs on Linux, macOS and Windows (Git Bash, as on the release runners).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP=$(cd "${1:-$ROOT/dist/sampingdesa}" && pwd)
BIN="$APP/sampingdesa"
[ -f "$BIN.exe" ] && BIN="$BIN.exe"
[ -x "$BIN" ] || { echo "no built program at $BIN" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/no python" "$WORK/Data Saya" "$WORK/Laporan Bulanan"
cp "$ROOT/sample_data/bnba_pkh_kandangan.xlsx" "$WORK/Daftar PKH Kandangan.xlsx"

# A PATH with nothing on it: the program must bring its own Python. Windows needs a few
# system variables to start any program at all. Paths given to the program are relative to
# $WORK, so Git Bash on Windows has no POSIX paths to translate.
KEEP=()
for name in SYSTEMROOT WINDIR TEMP TMP USERPROFILE LOCALAPPDATA APPDATA; do
    if [ -n "${!name:-}" ]; then KEEP+=("$name=${!name}"); fi
done
sd() {
    (cd "$WORK" && env -i "${KEEP[@]}" PATH="$WORK/no python" HOME="$WORK" \
        SAMPINGDESA_DB="Data Saya/sampingdesa.db" "$BIN" "$@")
}
step() { printf '== %s\n' "$*"; }
if env -i PATH="$WORK/no python" sh -c 'command -v python3 || command -v python' 2>/dev/null
then
    echo "python is still on PATH" >&2; exit 1
fi

step "--version"
sd --version | grep -q '^sampingdesa [0-9]'

step "demo"
start=$(date +%s)
sd demo >/dev/null
ls "$WORK"/sampingdesa-demo/laporan-bulanan-*.xlsx >/dev/null
echo "   demo: $(($(date +%s) - start)) s"

step "init + recipient import (a file name with spaces)"
sd init --assistant "Rina Hidayati" --coordinator >/dev/null
sd recipient import "Daftar PKH Kandangan.xlsx" --program PKH --skip-invalid --json \
    >"$WORK/import.json"
grep -q '"imported": true' "$WORK/import.json"
count=$(sd recipient list --json | grep -c '"nik"')
[ "$count" -gt 0 ] || { echo "no recipients after import" >&2; exit 1; }
echo "   $count recipients"

step "report monthly"
month=$(date +%Y-%m)
sd report monthly --month "$month" -o "Laporan Bulanan/laporan $month.xlsx" >/dev/null
[ -s "$WORK/Laporan Bulanan/laporan $month.xlsx" ]

step "sync export + import into a second database"
sd sync export -o "Data Saya/bundel rina.zip" >/dev/null
other="Data Saya/koordinator.db"
sd --db "$other" init --assistant "Koordinator" --coordinator >/dev/null
sd --db "$other" sync import "Data Saya/bundel rina.zip" >/dev/null
merged=$(sd --db "$other" recipient list --json | grep -c '"nik"')
[ "$merged" -eq "$count" ] || { echo "sync: $merged of $count recipients" >&2; exit 1; }

step "CSV for Excel: UTF-8 with BOM when written to a file"
sd recipient list --csv >"$WORK/penerima.csv"
head -c 3 "$WORK/penerima.csv" | od -An -tx1 | grep -q 'ef bb bf'

echo "standalone smoke test passed: $BIN"
