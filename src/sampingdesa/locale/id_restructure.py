"""Indonesian texts of issue 10 (codes as types, errors without flags, one month parser)."""

MESSAGES: dict[str, str] = {
    # Errors that name fields, not flags (the CLI adds the flag, the form the column)
    "A date received is for a delivery received in full or in part.": "Tanggal diterima hanya untuk bantuan yang diterima penuh atau sebagian.",
    "A problem is for a delivery received in part or not received.": "Masalah hanya untuk bantuan yang diterima sebagian atau tidak diterima.",
    "A reason off target is only for a family that is off target.": "Alasan tidak tepat sasaran hanya untuk keluarga yang tidak tepat sasaran.",
    "An escort needs the health facility and the purpose.": "Pendampingan memerlukan fasilitas kesehatan dan tujuan.",
    "Facility, purpose, transport and result belong to an elderly escort; this visit is not one.": "Fasilitas, tujuan, transportasi dan hasil hanya untuk pendampingan lansia; kunjungan ini bukan pendampingan.",
    "Give a reason for removing a recipient.": "Sebutkan alasan menghapus penerima.",
    "Give a reason for removing a visit.": "Sebutkan alasan menghapus kunjungan.",
    "Give the assistant's desa, or say the assistant is a coordinator.": "Sebutkan desa pendamping, atau nyatakan bahwa ia koordinator.",
    "Say what it was after '{other}', for example {other}:{example}.": "Jelaskan setelah '{other}', misalnya {other}:{example}.",
    "Say why the family is off target: {choices}.": "Sebutkan mengapa keluarga tidak tepat sasaran: {choices}.",
    "This database is set up for {current} and holds recipients; it cannot switch to {new}. Use another database file.": "Basis data ini disiapkan untuk {current} dan sudah berisi penerima; tidak bisa pindah ke {new}. Pakai berkas basis data lain.",
    "Write a note saying what was done.": "Tulis catatan tentang apa yang sudah dilakukan.",
    "Choose one of: {choices}.": "Pilih salah satu: {choices}.",
    # The visit form names the row and the column a person sees
    "Row {row}, column {header!r} ({cell})": "Baris {row}, kolom {header!r} ({cell})",
    "Row {row}: {message}": "Baris {row}: {message}",
    # One month parser
    "{value!r} is not a month; write it as YYYY-MM (2026-10), 10/2026 or Okt 2026.": "{value!r} bukan bulan; tulis sebagai TTTT-BB (2026-10), 10/2026 atau Okt 2026.",
    # Field labels (errors.FIELD_LABELS)
    "answer": "jawaban",
    "note": "catatan",
    "photo": "foto",
    "health facility": "fasilitas kesehatan",
    "purpose": "tujuan",
    "date received": "tanggal diterima",
    "vulnerability flag": "penanda kerentanan",
    "name": "nama",
    "phone number": "nomor telepon",
    "delivery": "penyaluran",
    "assistant": "pendamping",
    "funding level": "tingkat pendanaan",
    "cadence": "jadwal penyaluran",
    "amount unit": "satuan nilai",
    "programme code": "kode program",
    "excluded programmes": "program yang tidak boleh bersamaan",
    "id": "id",
}
