"""Indonesian catalogue: one rule in one place (issue 22): value types, field limits,
reveals."""

MESSAGES: dict[str, str] = {
    "Full NIKs are given out only with a reason for the change log.": "NIK lengkap hanya diberikan dengan alasan untuk catatan perubahan.",
    "Full NIKs are given out only with a reason, which goes to the change log; nothing was written.": "NIK lengkap hanya diberikan dengan alasan, yang masuk ke catatan perubahan; tidak ada yang ditulis.",
    "{length} characters are too long for this field (at most {limit}).": "{length} karakter terlalu panjang untuk isian ini (paling banyak {limit}).",
    "{value!r} is not a desa code (like 63.06.05.2001).": "{value!r} bukan kode desa (seperti 63.06.05.2001).",
    "{value!r}: a NIP has 18 digits (0-9).": "{value!r}: NIP terdiri dari 18 angka (0-9).",
    "{value!r}: digits 9-14 of a NIP are the year and month of appointment (YYYYMM), at least 15 years after the birth date and not in the future.": "{value!r}: angka ke-9 sampai ke-14 NIP adalah tahun dan bulan pengangkatan (YYYYMM), paling cepat 15 tahun setelah tanggal lahir dan tidak di masa depan.",
    "{value!r}: the first 8 digits of a NIP are a birth date (YYYYMMDD).": "{value!r}: 8 angka pertama NIP adalah tanggal lahir (YYYYMMDD).",
    "{value} contains a control character ({codes}), such as a terminal escape sequence. Type it again as plain text.": "{value} berisi karakter kendali ({codes}), seperti urutan escape terminal. Ketik ulang sebagai teks biasa.",
    "{value} is not an id: use only letters, digits and the signs - _ . :": "{value} bukan id: gunakan hanya huruf, angka, dan tanda - _ . :",
}
