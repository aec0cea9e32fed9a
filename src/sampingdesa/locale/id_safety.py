"""Indonesian catalogue: safe backups and files, damaged databases, masking, control
characters, encodings, plausible dates (issue 12)."""

MESSAGES: dict[str, str] = {
    # files and folders
    "Removed {count} unfinished temporary file(s) left in {folder} by an earlier run that was stopped: {names}.": "{count} berkas sementara yang tidak selesai dari proses sebelumnya yang terhenti dihapus dari {folder}: {names}.",
    "The disk holding {folder} is full; nothing was written. Free some space.": "Disk tempat {folder} sudah penuh; tidak ada yang ditulis. Kosongkan sebagian ruang.",
    "The folder {folder} is read-only (write-protected); nothing was written.": "Folder {folder} hanya-baca (dilindungi dari penulisan); tidak ada yang ditulis.",
    "No permission to write in the folder {folder}; nothing was written.": "Tidak ada izin menulis di folder {folder}; tidak ada yang ditulis.",
    "The folder {folder} does not exist; nothing was written.": "Folder {folder} tidak ada; tidak ada yang ditulis.",
    "Cannot write in the folder {folder} ({error}); nothing was written.": "Tidak bisa menulis di folder {folder} ({error}); tidak ada yang ditulis.",
    "{path} is a folder, not a file.": "{path} adalah folder, bukan berkas.",
    # the database file
    "The database file {path} is damaged ({error}). Run `sampingdesa db check`; a backup can be restored with `sampingdesa db restore`.": "Berkas basis data {path} rusak ({error}). Jalankan `sampingdesa db check`; cadangan bisa dipulihkan dengan `sampingdesa db restore`.",
    "{path} is not a sampingdesa database, or it is damaged (it does not start like a SQLite file). Run `sampingdesa db check`; a backup can be restored with `sampingdesa db restore`.": "{path} bukan basis data sampingdesa, atau sudah rusak (awal berkasnya bukan berkas SQLite). Jalankan `sampingdesa db check`; cadangan bisa dipulihkan dengan `sampingdesa db restore`.",
    "{path} is a database of another program (tables: {tables}); sampingdesa leaves it untouched. Choose another file with --db.": "{path} adalah basis data program lain (tabel: {tables}); sampingdesa tidak mengubahnya. Pilih berkas lain dengan --db.",
    "The disk holding {path} is full; nothing was changed. Free some space and try again.": "Disk tempat {path} sudah penuh; tidak ada yang diubah. Kosongkan sebagian ruang lalu coba lagi.",
    "The folder {folder} is read-only (or you may not write in it); sampingdesa needs to write beside its database. Copy {name} to a folder you can write in, or choose another file with --db.": "Folder {folder} hanya-baca (atau Anda tidak boleh menulis di sana); sampingdesa perlu menulis di samping basis datanya. Salin {name} ke folder yang bisa ditulisi, atau pilih berkas lain dengan --db.",
    "The database file {path} is read-only; make it writable.": "Berkas basis data {path} hanya-baca; buat agar bisa ditulisi.",
    "Cannot use the database {path}: {error}": "Tidak bisa memakai basis data {path}: {error}",
    "The database file is damaged. Restore the newest good backup with `sampingdesa db restore FILE` (backups are in {folder}).": "Berkas basis data rusak. Pulihkan cadangan baik yang terbaru dengan `sampingdesa db restore BERKAS` (cadangan ada di {folder}).",
    # backups
    "{path} is the database itself or one of its working files; a backup must go to another file.": "{path} adalah basis data itu sendiri atau salah satu berkas kerjanya; cadangan harus ditulis ke berkas lain.",
    "The database is damaged, so no backup was written ({problem}). Run `sampingdesa db check`; restore an earlier backup with `sampingdesa db restore`.": "Basis data rusak, jadi tidak ada cadangan yang ditulis ({problem}). Jalankan `sampingdesa db check`; pulihkan cadangan sebelumnya dengan `sampingdesa db restore`.",
    "The previous database was too damaged to back up; it was moved aside as {path}.": "Basis data sebelumnya terlalu rusak untuk dicadangkan; berkasnya dipindahkan menjadi {path}.",
    # masking
    "Birth date {given} disagrees with the birth date in NIK {nik} (digits 7-12). Check both against the KTP.": "Tanggal lahir {given} tidak cocok dengan tanggal lahir dalam NIK {nik} (digit 7-12). Periksa keduanya dengan KTP.",
    "Birth year": "Tahun lahir",
    "Age on the day of the escort (masked profile: age reached that year).": "Umur pada hari pendampingan (profil disamarkan: umur yang dicapai pada tahun itu).",
    "Also write these contact columns (comma-separated: address, rt, rw, phone); the masked register leaves them out.": "Tulis juga kolom kontak ini (dipisah koma: alamat, rt, rw, telepon); daftar yang disamarkan tidak memuatnya.",
    "address": "alamat",
    "phone": "telepon",
    # control characters
    "The name": "Nama",
    "The address": "Alamat",
    # CSV files
    "Encoding of a CSV file, e.g. cp1252 (default: decided from the whole file).": "Pengodean berkas CSV, mis. cp1252 (bawaan: ditentukan dari seluruh berkas).",
    "Unknown encoding {encoding!r}; use e.g. utf-8, cp1252 or latin-1.": "Pengodean {encoding!r} tidak dikenal; pakai mis. utf-8, cp1252 atau latin-1.",
    '{name} is written in UTF-8, but line {line} holds bytes that are not UTF-8 ({sample}); reading it either way would change letters in names. Save the file again as "CSV UTF-8" after checking that line, or give its encoding (for example cp1252).': '{name} ditulis dalam UTF-8, tetapi baris {line} berisi byte yang bukan UTF-8 ({sample}); dibaca dengan cara mana pun, huruf dalam nama akan berubah. Periksa baris itu lalu simpan ulang berkasnya sebagai "CSV UTF-8", atau sebutkan pengodeannya (misalnya cp1252).',
    '{name}, row {row}: a cell is longer than {limit} characters, or a quote (") is opened and never closed. Check that row in a text editor.': '{name}, baris {row}: ada sel yang lebih panjang dari {limit} karakter, atau tanda kutip (") yang dibuka tanpa ditutup. Periksa baris itu di penyunting teks.',
    "{name}, row {row}: bytes that are not {encoding} ({error}). Choose another encoding.": "{name}, baris {row}: ada byte yang bukan {encoding} ({error}). Pilih pengodean lain.",
    # dates
    "{date} is not a plausible date here: give a date from {earliest} to today ({today}).": "{date} bukan tanggal yang masuk akal di sini: isi tanggal dari {earliest} sampai hari ini ({today}).",
    # visit forms
    "Imported {path}: {new} visits recorded, {updated} updated, {known} already imported and unchanged, {empty} rows left empty.": "{path} diimpor: {new} kunjungan dicatat, {updated} diperbarui, {known} sudah pernah diimpor dan tidak berubah, {empty} baris kosong.",
    "Record the visits of a filled form (all or nothing; a corrected row updates its visit).": "Catat kunjungan dari formulir yang sudah diisi (semua atau tidak sama sekali; baris yang dikoreksi memperbarui kunjungannya).",
}
