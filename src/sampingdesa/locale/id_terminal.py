"""Indonesian texts of the terminal screens: tables, lookup, questionnaire, status (issue 13)."""

MESSAGES: dict[str, str] = {
    "More columns: --wide": "Kolom lain: --wide",
    "GPS": "GPS",
    "Tables with every column, each value on one line (wider than 80 columns).": (
        "Tabel dengan semua kolom, tiap nilai dalam satu baris (lebih lebar dari 80 kolom)."
    ),
}
