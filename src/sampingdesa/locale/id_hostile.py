"""Indonesian catalogue: hostile and broken input (parsers, broken files, file modes)."""

MESSAGES: dict[str, str] = {
    "{value!r} is too large for an amount (at most {limit}).": "{value!r} terlalu besar untuk sebuah jumlah (paling banyak {limit}).",
    "Cannot read photo {path}: {error}": "Foto {path} tidak dapat dibaca: {error}",
}
