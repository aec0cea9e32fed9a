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
