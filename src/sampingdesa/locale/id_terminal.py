"""Indonesian texts of the terminal screens: tables, lookup, questionnaire, status (issue 13)."""

MESSAGES: dict[str, str] = {
    "More columns: --wide": "Kolom lain: --wide",
    "GPS": "GPS",
    "Tables with every column, each value on one line (wider than 80 columns).": (
        "Tabel dengan semua kolom, tiap nilai dalam satu baris (lebih lebar dari 80 kolom)."
    ),
}
MESSAGES.update(
    {
        # Finding a recipient
        "{count} recipients fit {key!r}; give the id or the whole NIK:": (
            "{count} penerima cocok dengan {key!r}; sebutkan id atau NIK lengkapnya:"
        ),
        "{count} recipients fit {key!r}": "{count} penerima cocok dengan {key!r}",
        "No recipient with NIK {key!r}.": "Tidak ada penerima dengan NIK {key!r}.",
        "No recipient with NIK, id or name {key!r}.": (
            "Tidak ada penerima dengan NIK, id atau nama {key!r}."
        ),
        "Which one? (number)": "Yang mana? (nomor)",
        "Chosen: {name} ({nik}).": "Dipilih: {name} ({nik}).",
        "Type a number from 1 to {count}.": "Ketik nomor 1 sampai {count}.",
        "The recipient's NIK, id or name.": "NIK, id atau nama penerima.",
    }
)
MESSAGES.update(
    {
        # The questionnaire
        "An answer is needed.": "Jawaban diperlukan.",
        "Answer": "Jawaban",
        "Answer {yes} or {no}.": "Jawab {yes} atau {no}.",
        "Answer {yes}, {no} or a number from 1 to {count}.": (
            "Jawab {yes}, {no} atau nomor 1 sampai {count}."
        ),
        "Cancelled: the visit was not recorded.": "Dibatalkan: kunjungan tidak dicatat.",
        "Escort": "Pendampingan",
        "Empty: skip.": "Kosong: lewati.",
        "Not a programme: {wrong}. Type numbers from 1 to {count} or codes.": (
            "Bukan program: {wrong}. Ketik nomor 1 sampai {count} atau kode program."
        ),
        "Programmes this person receives (several allowed, e.g. 1,3; empty: none):": (
            "Program yang diterima orang ini (boleh beberapa, mis. 1,3; kosong: tidak ada):"
        ),
        "Save? ({yes}: save, {no}: cancel, or the number of a part to change it)": (
            "Simpan? ({yes}: simpan, {no}: batal, atau nomor bagian yang ingin diubah)"
        ),
        "Summary of the visit to {name}": "Ringkasan kunjungan ke {name}",
        "{answer!r} is not a valid answer. Valid answers: 1 to {count}, or {labels}.": (
            "{answer!r} bukan jawaban yang sah. Jawaban yang sah: 1 sampai {count}, atau {labels}."
        ),
        "{name} is not enrolled in any programme: not counted in reports or in `visit due`. "
        "Enroll with `sampingdesa recipient enroll {id} --program CODE`.": (
            "{name} belum terdaftar di program apa pun: tidak dihitung di laporan maupun di "
            "`visit due`. Daftarkan dengan `sampingdesa recipient enroll {id} --program KODE`."
        ),
    }
)
MESSAGES.update(
    {
        # init
        "Desa: {name} ({code}), kecamatan {kecamatan}.": (
            "Desa: {name} ({code}), kecamatan {kecamatan}."
        ),
        "Move the assistant to another desa without asking.": (
            "Pindahkan pendamping ke desa lain tanpa bertanya."
        ),
        "Nothing changed; run again with --yes to move.": (
            "Tidak ada yang diubah; jalankan lagi dengan --yes untuk pindah."
        ),
        "{assistant} works in {old} ({old_code}); move to {new} ({new_code})?": (
            "{assistant} bertugas di {old} ({old_code}); pindah ke {new} ({new_code})?"
        ),
        # status
        "How this laptop is set up, and today's work: visits due, open findings.": (
            "Keadaan laptop ini, dan pekerjaan hari ini: kunjungan yang perlu, temuan terbuka."
        ),
        "This laptop": "Laptop ini",
        "Regency": "Kabupaten",
        "Last backup": "Cadangan terakhir",
        "Last sync in": "Sinkron masuk terakhir",
        "Last sync out": "Sinkron keluar terakhir",
        "Due for a visit in {month}": "Perlu dikunjungi bulan {month}",
        "Oldest open finding": "Temuan terbuka tertua",
        "assistant": "pendamping",
        "coordinator": "koordinator",
        "never": "belum pernah",
        "{id}, {name}: {kind}, opened {date} ({days} days)": (
            "{id}, {name}: {kind}, dibuka {date} ({days} hari)"
        ),
        # sync
        "This database is not set up yet, so no bundle can be merged into it. Set it up "
        'first: sampingdesa init --assistant "NAME" --desa DESA (a coordinator: '
        "--coordinator), then run sync import again.": (
            "Basis data ini belum disiapkan, jadi bundel belum bisa digabungkan. Siapkan dulu: "
            'sampingdesa init --assistant "NAMA" --desa DESA (koordinator: --coordinator), '
            "lalu jalankan lagi sync import."
        ),
        # visits
        "{program} {period} was already checked for {name} on {date} (visit {id}); "
        "this records the same check a second time.": (
            "{program} {period} sudah diperiksa untuk {name} pada {date} (kunjungan {id}); "
            "pemeriksaan yang sama tercatat dua kali."
        ),
    }
)
