"""Indonesian catalogue: issue 25, no surprises in the daily path (bundles never written over,
wildcards, copyable commands, one count of open findings, typos, categories, 80 columns, CSV
everywhere, readable sync conflicts, and the small ones)."""

MESSAGES: dict[str, str] = {
    "Write over an existing file given with --output.": "Timpa berkas yang sudah ada yang diberikan dengan --output.",
    "Write this database's rows and change log into one bundle file.\n\nA second bundle on the same day gets a numbered name (-2, -3 ...): a bundle not yet\nsent is never written over.": "Tulis baris dan catatan perubahan basis data ini ke satu berkas bundel.\n\nBundel kedua pada hari yang sama diberi nama bernomor (-2, -3 ...): bundel yang belum\ndikirim tidak pernah ditimpa.",
    "Writing the bundle": "Menulis bundel",
    "No file matches {pattern}.": "Tidak ada berkas yang cocok dengan {pattern}.",
    "Check the folder and the name, or give the files one by one.": "Periksa folder dan namanya, atau sebutkan berkasnya satu per satu.",
    "{pattern} matches {count} files; this command reads one.": "{pattern} cocok dengan {count} berkas; perintah ini membaca satu berkas.",
    "To pin it on the coordinator, run there:": "Untuk menyematkannya di laptop koordinator, jalankan di sana:",
    "Did you mean {b}?": "Maksud Anda {b}?",
    "No such option: {a} (possible options: {b})": "Opsi tidak dikenal: {a} (mungkin yang dimaksud: {b})",
    "Add a PPKS category, keeping the others (repeatable).": "Tambahkan satu kategori PPKS, yang lain tetap (dapat diulang).",
    "An entry keeps at least one PPKS category.": "Entri harus tetap punya paling sedikit satu kategori PPKS.",
    "Categories added: {names}.": "Kategori ditambahkan: {names}.",
    "Categories now: {names}.": "Kategori sekarang: {names}.",
    "Categories removed: {names}.": "Kategori dihapus: {names}.",
    "Set the PPKS categories to exactly these, dropping the others (repeatable).": "Tetapkan kategori PPKS persis seperti ini; kategori lain dihapus (dapat diulang).",
    "Take one PPKS category away (repeatable).": "Hapus satu kategori PPKS (dapat diulang).",
    "This entry does not have the category {category}.": "Entri ini tidak punya kategori {category}.",
    "Only errors: no progress display and no closing line (for scripts and logs).": "Hanya galat: tanpa tampilan kemajuan dan tanpa baris penutup (untuk skrip dan log).",
    "Database file:": "Berkas basis data:",
}
