"""Indonesian catalogue: importing recipient lists (`recipient import`)."""

MESSAGES: dict[str, str] = {
    # command and options
    "Import a recipient list (BNBA) from Excel, ODS or CSV: all rows or none.": (
        "Impor daftar penerima (BNBA) dari Excel, ODS atau CSV: semua baris atau tidak sama sekali."
    ),
    "The list: .xlsx, .xls, .ods or .csv.": "Berkas daftar: .xlsx, .xls, .ods atau .csv.",
    "Enroll every row in this programme.": "Daftarkan setiap baris ke program ini.",
    "Sheet to read (default: the first with a NIK column).": (
        "Sheet yang dibaca (bawaan: sheet pertama yang punya kolom NIK)."
    ),
    'Say what a column holds, e.g. --map "No Identitas=nik" (repeatable).': (
        'Sebutkan isi sebuah kolom, mis. --map "No Identitas=nik" (boleh berulang).'
    ),
    "Check and count only; write nothing.": "Periksa dan hitung saja; tidak ada yang ditulis.",
    "Import the valid rows and report the others.": (
        "Impor baris yang benar dan laporkan baris lainnya."
    ),
    'Write the rejected rows to this .xlsx file, with a "Masalah" column.': (
        'Tulis baris yang ditolak ke berkas .xlsx ini, dengan kolom "Masalah".'
    ),
    "--errors-to needs a file name ending in .xlsx.": (
        "--errors-to perlu nama berkas yang berakhiran .xlsx."
    ),
    # reading files
    "File not found: {path}": "Berkas tidak ditemukan: {path}",
    "Cannot read {name}: use an .xlsx, .xls, .ods or .csv file.": (
        "Tidak bisa membaca {name}: gunakan berkas .xlsx, .xls, .ods atau .csv."
    ),
    "{name} has no sheet {sheet!r}. Its sheets: {sheets}.": (
        "{name} tidak punya sheet {sheet!r}. Sheet yang ada: {sheets}."
    ),
    "Cannot read {name} as a spreadsheet ({error}). Open it in Excel and save it again.": (
        "{name} tidak bisa dibaca sebagai lembar kerja ({error}). Buka di Excel lalu simpan ulang."
    ),
    # header
    'A column mapping is written HEADER=field, e.g. "No KTP=nik"; got {item!r}.': (
        'Pemetaan kolom ditulis JUDUL=field, mis. "No KTP=nik"; yang diberikan {item!r}.'
    ),
    "Unknown field {name!r} in the column mapping. Fields: {fields}.": (
        "Field {name!r} dalam pemetaan kolom tidak dikenal. Field yang ada: {fields}."
    ),
    "The column mapping names a column the file does not have: {missing}. Its columns: {columns}.": (
        "Pemetaan kolom menyebut kolom yang tidak ada di berkas: {missing}. Kolom yang ada: "
        "{columns}."
    ),
    "sheet {sheet!r}": "sheet {sheet!r}",
    "any sheet ({sheets})": "sheet mana pun ({sheets})",
    (
        "No header row with a NIK column in the first {count} rows of {where}. "
        'Name the columns with a column mapping ("HEADER=nik", "=name", "=desa" ...).'
    ): (
        "Tidak ditemukan baris judul kolom yang memuat kolom NIK dalam {count} baris pertama "
        '{where}. Sebutkan kolomnya dengan pemetaan kolom ("JUDUL=nik", "=name", "=desa" ...).'
    ),
    'The list has no name column. Its columns: {found}. Map one: "HEADER=name".': (
        'Daftar ini tidak punya kolom nama. Kolom yang ada: {found}. Petakan satu: "JUDUL=name".'
    ),
    (
        "The list has no desa column and you have no desa of your own (coordinator). "
        'Add a Desa column, or map one: "HEADER=desa".'
    ): (
        "Daftar ini tidak punya kolom desa, dan Anda (koordinator) tidak punya desa sendiri. "
        'Tambahkan kolom Desa, atau petakan satu: "JUDUL=desa".'
    ),
    # values
    (
        "{label} arrived as a number ({value}): Excel keeps only 15 digits, so it may be "
        "damaged. Format the column as Text and type all 16 digits again."
    ): (
        "{label} tersimpan sebagai angka ({value}): Excel hanya menyimpan 15 digit, jadi "
        "nomornya bisa sudah rusak. Ubah format kolom menjadi Teks lalu ketik ulang ke-16 "
        "digitnya."
    ),
    "The NIK is empty; every row needs one.": "NIK kosong; setiap baris wajib punya NIK.",
    "{value!r} is not RT/RW; write it as 003/001.": (
        "{value!r} bukan RT/RW; tulis seperti 003/001."
    ),
    "The same NIK is also on row {rows}; keep one row per person.": (
        "NIK yang sama juga ada di baris {rows}; satu orang cukup satu baris."
    ),
    # writing
    "The desa is empty; a new recipient needs one.": (
        "Desa kosong; penerima baru wajib punya desa."
    ),
    (
        "This NIK belongs to {name}, removed on {date}; an import does not bring "
        "removed recipients back."
    ): (
        "NIK ini milik {name}, yang dihapus pada {date}; impor tidak mengembalikan penerima "
        "yang sudah dihapus."
    ),
    ("Conflict: this NIK is registered as {name}. Check the KTP; the register was not changed."): (
        "Konflik: NIK ini terdaftar atas nama {name}. Periksa KTP-nya; data penerima tidak diubah."
    ),
    # report
    "Reading rows": "Membaca baris",
    "Other sheets also look like lists: {sheets}. Read {sheet}; use --sheet to choose.": (
        "Sheet lain juga tampak seperti daftar penerima: {sheets}. Yang dibaca: {sheet}; "
        "pilih dengan --sheet."
    ),
    "Columns not recognised (not imported): {columns}. Use --map to name them.": (
        "Kolom yang tidak dikenali (tidak diimpor): {columns}. Sebutkan isinya dengan --map."
    ),
    "The list has no desa column: every new recipient goes to your desa.": (
        "Daftar ini tidak punya kolom desa: setiap penerima baru dicatat di desa Anda."
    ),
    "double aid on row {row}: {name} ({nik}) in {first} and {second}.": (
        "bantuan ganda di baris {row}: {name} ({nik}) menerima {first} dan {second}."
    ),
    "Problems in {file}": "Masalah di {file}",
    "Column": "Kolom",
    "{count} more problems: see --errors-to FILE.xlsx or --json.": (
        "Masih ada {count} masalah lagi: lihat dengan --errors-to BERKAS.xlsx atau --json."
    ),
    "Rejected rows written to {path}.": "Baris yang ditolak ditulis ke {path}.",
    "{new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected": (
        "{new} baru, {updated} diperbarui, {unchanged} tidak berubah, {rejected} ditolak"
    ),
    ", {count} enrollments": ", {count} kepesertaan program",
    "Dry run, nothing written. {file}: {counts}.": (
        "Uji coba, tidak ada yang ditulis. {file}: {counts}."
    ),
    "Imported {file}: {counts}.": "{file} selesai diimpor: {counts}.",
    "Not imported. {file}: {counts}.": "Tidak diimpor. {file}: {counts}.",
    (
        "Nothing was imported: {count} rows have problems. Fix them, or import the "
        "valid rows with --skip-invalid."
    ): (
        "Tidak ada yang diimpor: {count} baris bermasalah. Perbaiki dulu, atau impor baris yang "
        "benar saja dengan --skip-invalid."
    ),
    "The import would be refused: {count} rows have problems.": (
        "Impor ini akan ditolak: {count} baris bermasalah."
    ),
}
