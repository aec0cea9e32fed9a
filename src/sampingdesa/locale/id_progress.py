"""Indonesian for the progress display and closing lines of long commands (issue 18)."""

MESSAGES: dict[str, str] = {
    "No progress display on long commands (for scripts and logs).": "Tanpa tampilan kemajuan pada perintah yang lama (untuk skrip dan log).",
    "Working": "Sedang bekerja",
    "{elapsed}, {left} left": "{elapsed}, sisa {left}",
    "{seconds} seconds": "{seconds} detik",
    "under a second": "kurang dari sedetik",
    "{minutes} min {seconds} s": "{minutes} menit {seconds} detik",
    "{what}, {duration}": "{what}, {duration}",
    # report monthly, demo
    "Counting the month": "Menghitung angka bulan ini",
    "Writing sheet {name}": "Menulis lembar {name}",
    "Saving {file}": "Menyimpan {file}",
    "Written {path}: {sheets} sheets, {rows} rows": "Ditulis {path}: {sheets} lembar, {rows} baris",
    ", profile {profile}": ", profil {profile}",
    "Loading the sample recipients": "Memuat penerima contoh",
    "Recording demo visits: {month}": "Mencatat kunjungan contoh: {month}",
    "Demo ready: {count} visits over the last six months, {files} workbooks": "Demo siap: {count} kunjungan dalam enam bulan terakhir, {files} buku kerja",
    # recipient import
    "Reading the rows again, refusing duplicated NIKs": "Membaca ulang baris, menolak NIK ganda",
    # sync import
    "Checking bundle {number} of {total}": "Memeriksa bundel {number} dari {total}",
    "Reading bundle {number} of {total}": "Membaca bundel {number} dari {total}",
    "Merging bundle {number} of {total}": "Menggabungkan bundel {number} dari {total}",
    "Merged {count} bundles": "{count} bundel digabungkan",
    "Bundles merged before the stop are kept; run the same command again for the rest (a bundle merged twice changes nothing).": "Bundel yang sudah digabung sebelum berhenti tetap tersimpan; jalankan perintah yang sama lagi untuk sisanya (bundel yang digabung dua kali tidak mengubah apa pun).",
    # db backup, restore, audit verify
    "Backing up the database (MB)": "Mencadangkan basis data (MB)",
    "Checking {file}": "Memeriksa {file}",
    "Restoring from {file} (MB)": "Memulihkan dari {file} (MB)",
    "Bringing the database up to date": "Memperbarui basis data",
    "Restored from {source}": "Dipulihkan dari {source}",
    "Checking the change log": "Memeriksa catatan perubahan",
    "The change log is intact: {count} entries": "Catatan perubahan utuh: {count} entri",
    # visit template
    "Finding the recipients due": "Mencari penerima yang perlu dikunjungi",
    "Preparing the form rows": "Menyiapkan baris formulir",
    "Writing the form": "Menulis formulir",
    "Greying out programmes not taken": "Mewarnai abu-abu program yang tidak diikuti",
    "Wrote {path}: {count} recipients to visit": "Ditulis {path}: {count} penerima untuk dikunjungi",
}
