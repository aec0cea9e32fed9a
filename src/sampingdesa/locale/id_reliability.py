"""Indonesian catalogue: backups, restore, audit of the change log."""

MESSAGES: dict[str, str] = {
    "Backup file (default: backups/ beside the database, dated).": "Berkas cadangan (bawaan: folder backups/ di samping basis data, bertanggal).",
    "How many dated backups to keep in the backups folder.": "Jumlah cadangan bertanggal yang disimpan di folder backups.",
    "Make a consistent copy of the database, even while other commands are writing.": "Buat salinan basis data yang utuh, meskipun perintah lain sedang menulis.",
    "Backup written: {path}": "Cadangan ditulis: {path}",
    "Backup file to restore.": "Berkas cadangan yang dipulihkan.",
    "Do not ask for confirmation.": "Jangan minta konfirmasi.",
    "Replace the database with a backup (checked first; the current one is backed up).": "Ganti basis data dengan cadangan (diperiksa dulu; yang sekarang dicadangkan).",
    "Replace {db} with {source}?": "Ganti {db} dengan {source}?",
    "The previous database was kept as {path}.": "Basis data sebelumnya disimpan sebagai {path}.",
    "Restored from {source}.": "Dipulihkan dari {source}.",
    "The tamper-evident change log.": "Catatan perubahan yang tahan rekayasa.",
    "Check the change log's hash chain; exit 1 at the first broken entry.": "Periksa rantai hash catatan perubahan; keluar dengan kode 1 pada entri rusak pertama.",
    "The change log is intact ({count} entries).": "Catatan perubahan utuh ({count} entri).",
    "Only this table, e.g. recipients.": "Hanya tabel ini, mis. recipients.",
    "Only this record (UUID).": "Hanya catatan ini (UUID).",
    "Only entries from this date (YYYY-MM-DD).": "Hanya entri sejak tanggal ini (TTTT-BB-HH).",
    "The history of records: who changed what, when, old and new values.": "Riwayat data: siapa mengubah apa, kapan, nilai lama dan baru.",
    "When": "Waktu",
    "Who": "Oleh",
    "Table": "Tabel",
    "Record": "Data",
    "Action": "Tindakan",
    "Old": "Lama",
    "New": "Baru",
    "Entry {id} does not follow the one before it: an entry was deleted or inserted out of "
    "band.": "Entri {id} tidak menyambung dengan entri sebelumnya: ada entri yang dihapus atau "
    "disisipkan di luar aplikasi.",
    "Entry {id} was changed after it was written.": "Entri {id} diubah setelah ditulis.",
    "The log ends at entry {last} but entry {head} was written: entries were removed from "
    "the end.": "Catatan berakhir di entri {last} padahal entri {head} pernah ditulis: ada entri "
    "terakhir yang dihapus.",
    "A backup cannot overwrite the database itself.": "Cadangan tidak boleh menimpa basis data itu sendiri.",
    "{path} does not exist.": "{path} tidak ada.",
    "{path} is not a sampingdesa database or is damaged; nothing was restored.": "{path} bukan basis data sampingdesa atau rusak; tidak ada yang dipulihkan.",
    "{path} comes from a newer sampingdesa (schema {found}); upgrade first.": "{path} berasal dari sampingdesa yang lebih baru (skema {found}); perbarui dulu.",
    "That file is the database itself.": "Berkas itu adalah basis data itu sendiri.",
}
