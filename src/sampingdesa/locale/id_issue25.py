"""Indonesian catalogue: corrections that correct everything, real lists on the first try,
one skeleton for spreadsheet imports (issues 25 and 22)."""

MESSAGES: dict[str, str] = {
    "Corrected: visit {id} no longer shows this.": "Dikoreksi: kunjungan {id} tidak lagi menunjukkan hal ini.",
    "The corrected visit shows it again.": "Kunjungan yang dikoreksi menunjukkannya lagi.",
    "visit corrected": "kunjungan dikoreksi",
    "visit removed": "kunjungan dihapus",
    "Finding {id} updated: {details}.": "Temuan {id} diperbarui: {details}.",
    "Finding {id} closed: the corrected visit no longer shows it.": "Temuan {id} ditutup: kunjungan yang dikoreksi tidak lagi menunjukkannya.",
}
MESSAGES.update(
    {
        "Problem ({value}) removed: it is only for aid received in part or not received.": "Masalah ({value}) dihapus: hanya untuk bantuan yang diterima sebagian atau tidak diterima.",
        "Date received ({value}) removed: it is only for aid received in full or in part.": "Tanggal diterima ({value}) dihapus: hanya untuk bantuan yang diterima penuh atau sebagian.",
    }
)
MESSAGES.update(
    {
        "Nothing was recorded; record it again only if it is a second check.": "Tidak ada yang dicatat; catat lagi hanya bila ini memang pemeriksaan kedua.",
        "Nothing was recorded; if this is a second check, record it with --again.": "Tidak ada yang dicatat; bila ini memang pemeriksaan kedua, catat dengan --again.",
        "Record this check a second time?": "Catat pemeriksaan ini untuk kedua kalinya?",
        "Record a programme and period already checked for the recipient that day.": "Catat program dan periode yang sudah diperiksa untuk penerima ini pada hari itu.",
    }
)
MESSAGES.update(
    {
        "Row {row}": "Baris {row}",
        "Rows {rows}": "Baris {rows}",
        "Rows {rows}, column {header!r} ({column})": "Baris {rows}, kolom {header!r} ({column})",
        "{where}: {value!r}: {reason}": "{where}: {value!r}: {reason}",
    }
)
MESSAGES.update(
    {
        "{desa} {year} is also in row {other}.": "{desa} {year} juga ada di baris {other}.",
    }
)
MESSAGES.update(
    {
        "the hidden row key or recipient id was changed; use a fresh form.": "kunci baris tersembunyi atau id penerima telah diubah; gunakan formulir baru.",
        "it repeats row {first} (same row key).": "baris ini mengulang baris {first} (kunci baris sama).",
    }
)
