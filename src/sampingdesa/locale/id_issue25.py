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
