"""Indonesian catalogue: hostile and broken input (parsers, broken files, file modes)."""

MESSAGES: dict[str, str] = {
    "{value!r} is too large for an amount (at most {limit}).": "{value!r} terlalu besar untuk sebuah jumlah (paling banyak {limit}).",
    "Cannot read photo {path}: {error}": "Foto {path} tidak dapat dibaca: {error}",
    "{name} is empty.": "{name} kosong.",
    "{name} is protected with a password (or is an old .xls file renamed). Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save it as .xlsx.": "{name} dilindungi kata sandi (atau berkas .xls lama yang diganti namanya). Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with Password, kosongkan) lalu simpan sebagai .xlsx.",
    "{name}: a sheet uses {columns} columns down to row {rows}, far more than a list needs; something was typed far below or right of the data. Delete those rows and columns, save, and try again.": "{name}: sebuah lembar memakai {columns} kolom sampai baris {rows}, jauh melebihi yang dibutuhkan daftar; ada isian jauh di bawah atau di kanan data. Hapus baris dan kolom itu, simpan, lalu coba lagi.",
}
