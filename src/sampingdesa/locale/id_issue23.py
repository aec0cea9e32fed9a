"""Indonesian catalogue: masked means masked, and no input breaks it (issue 23)."""

MESSAGES: dict[str, str] = {
    "the imported content": "isi yang diimpor",
    "New laptop {laptop}: its key {fingerprint} would be pinned (trust on first use); nothing was pinned. Compare it with `sync status` on that laptop.": "Laptop baru {laptop}: kuncinya {fingerprint} akan disematkan (percaya pada penggunaan pertama); belum ada yang disematkan. Cocokkan dengan `sync status` di laptop itu.",
    "NIK {nik}: digits 7-12 are not a valid birth date (day, month, year).": "NIK {nik}: digit 7-12 bukan tanggal lahir yang sah (hari, bulan, tahun).",
    "No. KK {kk}: digits 7-12 are not a valid issue date (day, month, year).": "No. KK {kk}: digit 7-12 bukan tanggal terbit yang sah (hari, bulan, tahun).",
    "{path} is not a photo: only JPEG, PNG, HEIC/HEIF and WebP image files are accepted.": "{path} bukan foto: hanya berkas gambar JPEG, PNG, HEIC/HEIF dan WebP yang diterima.",
    "{path}: {what} {number} is longer than a bundle row may be ({limit} MB); nothing was merged.": "{path}: {what} {number} lebih panjang dari batas satu baris bundel ({limit} MB); tidak ada yang digabung.",
    "{path} is a file, not a folder; the demo needs a folder of its own.": "{path} adalah berkas, bukan folder; demo memerlukan folder sendiri.",
    "Cannot create the folder {path}: {error}": "Tidak dapat membuat folder {path}: {error}",
    "{path} is not an ordinary file (a device, a pipe or a socket); a database is a file. Choose another file with --db.": "{path} bukan berkas biasa (perangkat, pipa atau soket); basis data adalah berkas. Pilih berkas lain dengan --db.",
    "The database file {path} is read-only (its owner set it so); sampingdesa leaves it as it is. Make it writable (chmod u+w) or choose another file with --db.": "Berkas basis data {path} hanya-baca (pemiliknya mengaturnya begitu); sampingdesa membiarkannya. Jadikan bisa ditulis (chmod u+w) atau pilih berkas lain dengan --db.",
    "The database's record of its schema changes misses number {numbers} while later ones are applied: the file was edited outside sampingdesa or damaged. Restore a backup with `sampingdesa db restore`.": "Catatan perubahan skema basis data kehilangan nomor {numbers} padahal nomor sesudahnya sudah diterapkan: berkas diubah di luar sampingdesa atau rusak. Pulihkan cadangan dengan `sampingdesa db restore`.",
    "not a salt (32 hexadecimal digits).": "bukan garam (32 digit heksadesimal).",
    "{path} is not an ordinary file (a device, a pipe or a socket); choose a file name to write.": "{path} bukan berkas biasa (perangkat, pipa atau soket); pilih nama berkas untuk ditulis.",
}
