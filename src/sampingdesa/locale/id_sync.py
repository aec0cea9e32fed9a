"""Indonesian catalogue: merging laptops (sync)."""

MESSAGES: dict[str, str] = {
    "Merge laptops: bundles to the coordinator and back.": "Gabungkan laptop: bundel ke koordinator dan kembali.",
    "Write this database's rows and change log into one bundle file.": "Tulis data dan catatan perubahan basis data ini ke satu berkas bundel.",
    "Bundle file (default: named by assistant, desa and date).": "Berkas bundel (bawaan: dinamai menurut pendamping, desa dan tanggal).",
    "Only what changed since the last export.": "Hanya yang berubah sejak ekspor terakhir.",
    "Coordinator: a bundle for one assistant or desa (catalogue and corrections).": "Koordinator: bundel untuk satu pendamping atau desa (katalog dan koreksi).",
    "Bundle written: {path} ({rows} rows, {entries} log entries).": "Bundel ditulis: {path} ({rows} baris, {entries} entri catatan).",
    "Merge bundles into this database, one transaction per bundle.": "Gabungkan bundel ke basis data ini, satu transaksi per bundel.",
    "One or more bundle files.": "Satu atau beberapa berkas bundel.",
    "Show what would happen; change nothing.": "Tampilkan yang akan terjadi; tidak mengubah apa pun.",
    "Dry run: nothing was changed.": "Uji coba: tidak ada yang diubah.",
    "see `sampingdesa sync conflicts`.": "lihat `sampingdesa sync conflicts`.",
    "Which databases have been merged in, when, from which bundle; open conflicts.": "Basis data mana yang sudah digabung, kapan, dari bundel mana; konflik yang terbuka.",
    "Merged sources": "Sumber yang digabung",
    "Database": "Basis data",
    "Bundles": "Bundel",
    "Last bundle": "Bundel terakhir",
    "Last merged": "Terakhir digabung",
    "Open conflicts: {count}. Recipients merged by NIK: {merged}.": "Konflik terbuka: {count}. Penerima yang disatukan menurut NIK: {merged}.",
    "Fields both sides changed: the value kept and the other one.": "Isian yang diubah kedua pihak: nilai yang dipakai dan nilai lainnya.",
    "Resolved ones too.": "Termasuk yang sudah diselesaikan.",
    "Sync conflicts": "Konflik penggabungan",
    "Mine": "Milik saya",
    "Theirs": "Milik mereka",
    "Kept": "Dipakai",
    "Settle a conflict; the choice travels to the other laptops as the latest value.": "Selesaikan konflik; pilihan ini terkirim ke laptop lain sebagai nilai terbaru.",
    "Conflict id (see sync conflicts).": "Id konflik (lihat sync conflicts).",
    "mine, theirs, or the value to use.": "mine (milik saya), theirs (milik mereka), atau nilai yang dipakai.",
    "Conflict {id} resolved: {value}.": "Konflik {id} diselesaikan: {value}.",
    "No conflict with id {id}.": "Tidak ada konflik dengan id {id}.",
    "Conflict {id} is already resolved.": "Konflik {id} sudah diselesaikan.",
    "sync conflict {id} resolved": "konflik penggabungan {id} diselesaikan",
    "same NIK registered under two ids": "NIK sama terdaftar dengan dua id",
    "{bundle}: {added} added, {updated} updated, {unchanged} unchanged, {merged} merged, "
    "{conflicts} in conflict.": "{bundle}: {added} ditambah, {updated} diperbarui, {unchanged} tetap, {merged} "
    "disatukan, {conflicts} konflik.",
    "{path} is damaged or incomplete (checksum does not match); ask for it again.": "{path} rusak atau tidak lengkap (checksum tidak cocok); minta kirim ulang.",
    "{path} is for regency {theirs}, this database for {ours}.": "{path} untuk kabupaten {theirs}, basis data ini untuk {ours}.",
    "{path} is not a sampingdesa bundle.": "{path} bukan bundel sampingdesa.",
    "{path} refers to records it does not contain ({count} references); nothing from it was "
    "merged.": "{path} merujuk data yang tidak dimuatnya ({count} rujukan); tidak ada yang "
    "digabungkan dari bundel ini.",
    "{path} was made by a newer sampingdesa; upgrade sampingdesa to import it.": "{path} dibuat oleh sampingdesa yang lebih baru; perbarui sampingdesa untuk "
    "mengimpornya.",
    "{value!r} is not a number, which {field} needs.": "{value!r} bukan angka, padahal {field} memerlukan angka.",
}
