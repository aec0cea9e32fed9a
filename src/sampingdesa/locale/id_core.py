"""Indonesian catalogue: foundation (framework words, register, regions, programmes, db)."""

MESSAGES: dict[str, str] = {
    # Framework (Typer / Click)
    "Usage: ": "Penggunaan: ",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Arguments": "Argumen",
    "Error": "Galat",
    "Show this message and exit.": "Tampilkan pesan ini lalu keluar.",
    "Missing command.": "Perintah belum diberikan.",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    "[required]": "[wajib]",
    "[default: {}]": "[bawaan: {}]",
    "[env var: {}]": "[variabel lingkungan: {}]",
    "(deprecated) ": "(usang) ",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
    "Aborted.": "Dibatalkan.",
    "Missing option '{a}'.": "Opsi '{a}' wajib diisi.",
    "Missing argument '{a}'.": "Argumen '{a}' wajib diisi.",
    "Missing parameter: {a}": "Parameter belum diisi: {a}",
    "No such option: {a}": "Opsi tidak dikenal: {a}",
    "No such command '{a}'.": "Perintah '{a}' tidak ada.",
    "Got unexpected extra argument(s) ({a})": "Ada argumen berlebih ({a})",
    "Option '{a}' requires a value.": "Opsi '{a}' memerlukan nilai.",
    "Option '{a}' does not take a value.": "Opsi '{a}' tidak menerima nilai.",
    "Invalid value for {a}: {b}": "Nilai tidak sah untuk {a}: {b}",
    "Value {a} is not a valid {b}.": "Nilai {a} bukan {b} yang sah.",
    "{a} is not in the range {b}.": "{a} tidak dalam rentang {b}.",
    "{a} is not one of {b}.": "{a} bukan salah satu dari {b}.",
    "File {a} does not exist.": "Berkas {a} tidak ada.",
    "{a} {b} is a directory.": "{a} {b} adalah folder.",
    # Root and common
    "Register and field-visit log of the Samping Desa; monthly workbooks for Dinas Sosial.":
        "Register penerima dan catatan kunjungan Samping Desa; buku kerja bulanan untuk "
        "Dinas Sosial.",
    "Database file (default: sampingdesa.db in your data folder).":
        "Berkas basis data (bawaan: sampingdesa.db di folder data Anda).",
    "Language: id (default) or en.": "Bahasa: id (bawaan) atau en.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Print JSON.": "Cetak sebagai JSON.",
    "Print CSV.": "Cetak sebagai CSV.",
    "Warning:": "Peringatan:",
    "Stopped (Ctrl-C). Nothing was half-written.":
        "Dihentikan (Ctrl-C). Tidak ada yang tersimpan setengah jalan.",
    "The database is busy with another command; try again.":
        "Basis data sedang dipakai perintah lain; coba lagi.",
    "Database error: {error}": "Galat basis data: {error}",
    "Missing value: {what}. Give it as an option (not on a terminal, cannot ask).":
        "Nilai belum diisi: {what}. Berikan sebagai opsi (bukan di terminal, tidak bisa "
        "bertanya).",
    "{path} already exists; use --force to write over it.":
        "{path} sudah ada; pakai --force untuk menimpanya.",
    # Database
    "The database file: where it is, and whether it is healthy.":
        "Berkas basis data: letaknya dan kesehatannya.",
    "Print where the database file is.": "Cetak letak berkas basis data.",
    "Check integrity, foreign keys and schema version; exit 1 when something is wrong.":
        "Periksa integritas, kunci asing dan versi skema; keluar dengan kode 1 bila ada masalah.",
    "{path} is a folder, not a database file.": "{path} adalah folder, bukan berkas basis data.",
    "Cannot create the database at {path}: {error}":
        "Tidak bisa membuat basis data di {path}: {error}",
    "{path} is not a sampingdesa database or is damaged ({error}).":
        "{path} bukan basis data sampingdesa atau sudah rusak ({error}).",
    "This database was made by a newer sampingdesa (schema {found}, this program knows "
    "{known}). Upgrade sampingdesa.":
        "Basis data ini dibuat oleh sampingdesa yang lebih baru (skema {found}, program ini "
        "mengenal {known}). Perbarui sampingdesa.",
    "Schema version {found} (this program: {known}).":
        "Versi skema {found} (program ini: {known}).",
    "Integrity: {result}.": "Integritas: {result}.",
    "Foreign-key problems: {count}.": "Masalah kunci asing: {count}.",
    "The database has problems.": "Basis data bermasalah.",
    "The database is healthy.": "Basis data sehat.",
    "{table} row {rowid} points to a missing {parent}":
        "{table} baris {rowid} menunjuk {parent} yang tidak ada",
    "Schema version {found}, expected {known}.": "Versi skema {found}, seharusnya {known}.",
    # Init and regions
    "Set up this database: the regency, the assistant and their desa.":
        "Siapkan basis data ini: kabupaten, pendamping dan desanya.",
    "Regency (kabupaten/kota) code or name, e.g. 63.06.":
        "Kode atau nama kabupaten/kota, mis. 63.06.",
    "Name of the assistant who uses this database.":
        "Nama pendamping yang memakai basis data ini.",
    "The assistant's desa: code or name.": "Desa pendamping: kode atau nama.",
    "The assistant's phone number.": "Nomor telepon pendamping.",
    "Set up a coordinator's database (no single desa).":
        "Siapkan basis data koordinator (tanpa satu desa tertentu).",
    "Assistant's name": "Nama pendamping",
    "Desa (code or name)": "Desa (kode atau nama)",
    "Ready: {kabupaten} ({code}), {kecamatan} kecamatan, {desa} desa/kelurahan; assistant "
    "{assistant}; {programs} programmes added to the catalogue.":
        "Siap: {kabupaten} ({code}), {kecamatan} kecamatan, {desa} desa/kelurahan; pendamping "
        "{assistant}; {programs} program ditambahkan ke katalog.",
    "The assistant's name is empty.": "Nama pendamping kosong.",
    "Give the assistant's desa (--desa CODE_OR_NAME), or --coordinator.":
        "Sebutkan desa pendamping (--desa KODE_ATAU_NAMA), atau --coordinator.",
    "This database is set up for {current} and holds recipients; it cannot switch to {new}. "
    "Use another database file (--db).":
        "Basis data ini disiapkan untuk {current} dan sudah berisi penerima; tidak bisa "
        "pindah ke {new}. Pakai berkas basis data lain (--db).",
    "This database is not set up yet. Run: sampingdesa init --assistant \"NAME\"":
        "Basis data ini belum disiapkan. Jalankan: sampingdesa init --assistant \"NAMA\"",
    "No assistant is set for this database. Run: sampingdesa init --assistant \"NAME\"":
        "Belum ada pendamping untuk basis data ini. Jalankan: sampingdesa init "
        "--assistant \"NAMA\"",
    "{code} is not a known kabupaten/kota code.": "{code} bukan kode kabupaten/kota yang dikenal.",
    "kabupaten/kota": "kabupaten/kota",
    "kecamatan": "kecamatan",
    "desa": "desa",
    "kecamatan or desa": "kecamatan atau desa",
    "No {what} matches {text!r}.": "Tidak ada {what} yang cocok dengan {text!r}.",
    "Did you mean: {names}?": "Maksud Anda: {names}?",
    "See `sampingdesa wilayah list`.": "Lihat `sampingdesa wilayah list`.",
    "{count} {what} match {text!r}: {listed}. Give the code instead.":
        "{count} {what} cocok dengan {text!r}: {listed}. Sebutkan kodenya.",
    "No kecamatan or desa matches {text!r}.":
        "Tidak ada kecamatan atau desa yang cocok dengan {text!r}.",
    "Kecamatan and desa of the regency, by code or forgiving name.":
        "Kecamatan dan desa di kabupaten, menurut kode atau nama (ejaan boleh longgar).",
    "List the kecamatan and desa of the regency.": "Daftar kecamatan dan desa di kabupaten.",
    "Only this kecamatan (code or name).": "Hanya kecamatan ini (kode atau nama).",
    "Another regency's code (default: the one this database is set up for).":
        "Kode kabupaten lain (bawaan: kabupaten basis data ini).",
    "Find a kecamatan or desa by name (forgiving case, spacing, abbreviations, small typos).":
        "Cari kecamatan atau desa menurut nama (huruf besar/kecil, spasi, singkatan dan salah "
        "ketik kecil dimaafkan).",
    "Name or code to look for; spelling may be loose.":
        "Nama atau kode yang dicari; ejaan boleh longgar.",
    "Several match: use the code.": "Beberapa cocok: pakai kodenya.",
    "Code": "Kode",
    "Name": "Nama",
    "Level": "Tingkat",
    "Kecamatan": "Kecamatan",
    "IDM status": "Status IDM",
    # Programmes
    "The aid programme catalogue.": "Katalog program bantuan.",
    "List the programmes in the catalogue.": "Daftar program dalam katalog.",
    "Add a programme to the catalogue.": "Tambahkan program ke katalog.",
    "Change a programme (every change goes to the change log).":
        "Ubah program (setiap perubahan masuk catatan perubahan).",
    "Code of the programme to change.": "Kode program yang diubah.",
    "Short code, e.g. BPNT.": "Kode singkat, mis. BPNT.",
    "Full name.": "Nama lengkap.",
    "Funding level: pusat, provinsi, kabupaten or desa.":
        "Sumber dana: pusat, provinsi, kabupaten atau desa.",
    "Cadence: bulanan, tahap, tahunan, harian or sekali.":
        "Jadwal: bulanan, tahap, tahunan, harian atau sekali.",
    "How the aid reaches the family.": "Cara bantuan sampai ke keluarga.",
    "Nominal amount in whole Rupiah per unit.": "Nilai nominal dalam Rupiah utuh per satuan.",
    "What the amount is per: bulan, tahun, hari, tahap or sekali.":
        "Satuan nilai: bulan, tahun, hari, tahap atau sekali.",
    "Codes of programmes a family may not receive together with this one.":
        "Kode program yang tidak boleh diterima bersamaan dengan program ini.",
    "Free notes.": "Catatan bebas.",
    "Programmes": "Program",
    "Programme": "Program",
    "Funding": "Sumber dana",
    "Cadence": "Jadwal",
    "Channel": "Saluran",
    "Amount (Rp)": "Nilai (Rp)",
    "Per": "Per",
    "Not together with": "Tidak bersama",
    "Programme {code} added.": "Program {code} ditambahkan.",
    "Programme {code}: changed {fields}.": "Program {code}: diubah {fields}.",
    "Programme {code}: nothing changed.": "Program {code}: tidak ada yang berubah.",
    "Funding level must be one of: {choices}.": "Sumber dana harus salah satu dari: {choices}.",
    "Cadence must be one of: {choices}.": "Jadwal harus salah satu dari: {choices}.",
    "Amount unit must be one of: {choices}.": "Satuan nilai harus salah satu dari: {choices}.",
    "The nominal amount cannot be negative.": "Nilai nominal tidak boleh negatif.",
    "Programme code {code!r} may hold only letters, digits and '-'.":
        "Kode program {code!r} hanya boleh berisi huruf, angka dan '-'.",
    "Programme {code} already exists.": "Program {code} sudah ada.",
    "The programme name is empty.": "Nama program kosong.",
    "A programme cannot exclude itself.": "Program tidak bisa mengecualikan dirinya sendiri.",
    "Unknown programme {code!r}. Known codes: {known}.":
        "Program {code!r} tidak dikenal. Kode yang dikenal: {known}.",
    # NIK and No. KK
    "No. KK": "No. KK",
    "{label} {value!r} was damaged by a spreadsheet (scientific notation or a decimal part); "
    "type it again as text, all 16 digits.":
        "{label} {value!r} rusak oleh spreadsheet (notasi ilmiah atau ada desimal); ketik "
        "ulang sebagai teks, lengkap 16 digit.",
    "{label} {value!r} must be exactly 16 digits.": "{label} {value!r} harus tepat 16 digit.",
    "NIK {nik}: the first six digits ({code}) are not a known kecamatan code.":
        "NIK {nik}: enam digit pertama ({code}) bukan kode kecamatan yang dikenal.",
    "NIK {nik}: digits 7-12 ({digits}) are not a valid birth date.":
        "NIK {nik}: digit 7-12 ({digits}) bukan tanggal lahir yang sah.",
    "NIK {nik}: the last four digits are 0000, which no NIK has (a spreadsheet may have "
    "rounded it).":
        "NIK {nik}: empat digit terakhir 0000, padahal tidak ada NIK seperti itu (mungkin "
        "dibulatkan spreadsheet).",
    "No. KK {kk}: the first six digits ({code}) are not a known kecamatan code.":
        "No. KK {kk}: enam digit pertama ({code}) bukan kode kecamatan yang dikenal.",
    "No. KK {kk}: digits 7-12 ({digits}) are not a valid issue date.":
        "No. KK {kk}: digit 7-12 ({digits}) bukan tanggal terbit yang sah.",
    "No. KK {kk}: the last four digits cannot be 0000.":
        "No. KK {kk}: empat digit terakhir tidak boleh 0000.",
    "Birth date {given} disagrees with NIK {nik}, which says {from_nik}. Check both against "
    "the KTP.":
        "Tanggal lahir {given} tidak cocok dengan NIK {nik}, yang menyatakan {from_nik}. "
        "Periksa keduanya dengan KTP.",
    "Sex {given} disagrees with NIK {nik}, which says {from_nik}.":
        "Jenis kelamin {given} tidak cocok dengan NIK {nik}, yang menyatakan {from_nik}.",
    # Values
    "{value!r} is not a date; write it as YYYY-MM-DD, DD-MM-YYYY or 17 Agustus 1945.":
        "{value!r} bukan tanggal; tulis sebagai TTTT-BB-HH, HH-BB-TTTT atau 17 Agustus 1945.",
    "{value!r} is not a month; write it as YYYY-MM.":
        "{value!r} bukan bulan; tulis sebagai TTTT-BB.",
    "{value!r} is not a sex; write L (laki-laki) or P (perempuan).":
        "{value!r} bukan jenis kelamin; tulis L (laki-laki) atau P (perempuan).",
    "{label} {value!r} must be a number from 1 to 999.":
        "{label} {value!r} harus angka 1 sampai 999.",
    # Recipients
    "The register of aid recipients.": "Register penerima bantuan.",
    "Register a recipient (asks for missing required values on a terminal).":
        "Daftarkan penerima (menanyakan isian wajib yang kurang bila di terminal).",
    "NIK, 16 digits.": "NIK, 16 digit.",
    "Full name as on the KTP.": "Nama lengkap sesuai KTP.",
    "Desa: code or name.": "Desa: kode atau nama.",
    "Kecamatan: code or name.": "Kecamatan: kode atau nama.",
    "Kecamatan, to tell apart desa with the same name.":
        "Kecamatan, untuk membedakan desa yang namanya sama.",
    "No. KK (family card), 16 digits.": "No. KK (kartu keluarga), 16 digit.",
    "No. KK (family card).": "No. KK (kartu keluarga).",
    "L or P.": "L atau P.",
    "Birth date, YYYY-MM-DD.": "Tanggal lahir, TTTT-BB-HH.",
    "Street address.": "Alamat jalan.",
    "RT number.": "Nomor RT.",
    "RW number.": "Nomor RW.",
    "Phone number.": "Nomor telepon.",
    "Enroll in this programme (repeatable).": "Daftarkan ke program ini (boleh berulang).",
    "Vulnerability flag: lansia, disabilitas, ... (repeatable).":
        "Penanda kerentanan: lansia, disabilitas, ... (boleh berulang).",
    "Replace the flags with these (repeatable).": "Ganti penanda dengan ini (boleh berulang).",
    "Only those enrolled in this programme.": "Hanya yang terdaftar di program ini.",
    "Words of the name (partial words work).": "Kata dari nama (potongan kata juga bisa).",
    "At most this many rows.": "Paling banyak sejumlah baris ini.",
    "Show full NIKs (logged, with --reason).": "Tampilkan NIK lengkap (dicatat, dengan --reason).",
    "Why full NIKs are needed (goes to the change log).":
        "Alasan NIK lengkap diperlukan (masuk catatan perubahan).",
    "The recipient's NIK (or id).": "NIK penerima (atau id).",
    "NIK or id of the recipient.": "NIK atau id penerima.",
    "List recipients (NIKs masked unless --show-nik).":
        "Daftar penerima (NIK disamarkan kecuali --show-nik).",
    "Everything known about one recipient, enrollments included.":
        "Semua data satu penerima, termasuk kepesertaan program.",
    "Change a recipient's details (each change goes to the change log).":
        "Ubah data penerima (setiap perubahan masuk catatan perubahan).",
    "Enroll a recipient in a programme.": "Daftarkan penerima ke sebuah program.",
    "Programme code.": "Kode program.",
    "Start date; leave out when unknown (counts for every earlier month).":
        "Tanggal mulai; kosongkan bila tidak diketahui (berlaku untuk semua bulan sebelumnya).",
    "Component, e.g. for PKH: lansia, SD.": "Komponen, mis. untuk PKH: lansia, SD.",
    "End a recipient's enrollment in a programme.": "Akhiri kepesertaan penerima di program.",
    "graduated, stopped, deceased, moved, ineligible or other.":
        "graduated (graduasi), stopped (berhenti), deceased (meninggal), moved (pindah), "
        "ineligible (tidak layak) atau other (lainnya).",
    "End date (default today).": "Tanggal berakhir (bawaan hari ini).",
    "Remove a recipient (soft: the record stays for history and past reports).":
        "Hapus penerima (lunak: catatan tetap ada untuk riwayat dan laporan lama).",
    "Why the recipient is removed.": "Alasan penerima dihapus.",
    "Likely duplicates under different NIKs, for a coordinator to review.":
        "Kemungkinan data ganda dengan NIK berbeda, untuk diperiksa koordinator.",
    "NIK, name and desa are required.": "NIK, nama dan desa wajib diisi.",
    "NIK {nik} is already registered: {who}.": "NIK {nik} sudah terdaftar: {who}.",
    " (removed)": " (dihapus)",
    "Close matches: {names}.": "Yang mirip: {names}.",
    "No recipient with NIK or id {key!r}.": "Tidak ada penerima dengan NIK atau id {key!r}.",
    "{who} was removed on {date}.": "{who} sudah dihapus pada {date}.",
    "The name is empty.": "Nama kosong.",
    "Phone number {value!r} is not valid.": "Nomor telepon {value!r} tidak sah.",
    "Unknown flag {flag!r}. Known flags: {known}.":
        "Penanda {flag!r} tidak dikenal. Penanda yang dikenal: {known}.",
    "Reason must be one of: {choices}.": "Alasan harus salah satu dari: {choices}.",
    "{who} is not enrolled in {program}.": "{who} tidak terdaftar di {program}.",
    "The end date {until} is before the enrollment began ({since}).":
        "Tanggal berakhir {until} sebelum kepesertaan dimulai ({since}).",
    "Give a reason for removing a recipient (--reason).":
        "Sebutkan alasan menghapus penerima (--reason).",
    "Registered {name} ({nik}) in {desa}.": "{name} ({nik}) terdaftar di {desa}.",
    "double aid: {first} and {second} may not go to the same family.":
        "bantuan ganda: {first} dan {second} tidak boleh diterima keluarga yang sama.",
    "Sex": "JK",
    "Birth date": "Tgl lahir",
    "Desa": "Desa",
    "{count} recipients": "{count} penerima",
    "Address": "Alamat",
    "Phone": "Telepon",
    "Flags": "Penanda",
    "Removed": "Dihapus",
    "Field": "Isian",
    "Value": "Nilai",
    "Enrollments": "Kepesertaan program",
    "Component": "Komponen",
    "Since": "Sejak",
    "Until": "Sampai",
    "Status": "Status",
    "Reason": "Alasan",
    "(unknown)": "(tidak diketahui)",
    "Changed: {fields}.": "Diubah: {fields}.",
    "Nothing changed.": "Tidak ada yang berubah.",
    "{name} enrolled in {program}.": "{name} didaftarkan ke {program}.",
    "{name} is already enrolled in {program}; nothing changed.":
        "{name} sudah terdaftar di {program}; tidak ada yang berubah.",
    "Enrollment in {program} ended ({reason}).": "Kepesertaan di {program} berakhir ({reason}).",
    "{name} removed; the record stays for history.":
        "{name} dihapus; catatannya tetap ada untuk riwayat.",
    "same name and birth date": "nama dan tanggal lahir sama",
    "similar names in one No. KK": "nama mirip dalam satu No. KK",
    "Likely duplicates": "Kemungkinan data ganda",
    "Why": "Sebab",
    "{count} groups": "{count} kelompok",
    # Demo
    "Build a demo database from the bundled sample data (never touches your own).":
        "Buat basis data contoh dari data contoh bawaan (tidak menyentuh basis data Anda).",
    "Folder for the demo database and files.": "Folder untuk basis data dan berkas contoh.",
    "Demo database: recipients per desa": "Basis data contoh: penerima per desa",
    "Recipients": "Penerima",
    "Demo database: {path}": "Basis data contoh: {path}",
    "Written: {path}": "Ditulis: {path}",
    "Try: sampingdesa --db \"{path}\" recipient list":
        "Coba: sampingdesa --db \"{path}\" recipient list",
}
