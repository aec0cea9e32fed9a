"""Indonesian for installation and Windows behaviour (issue 17)."""

MESSAGES: dict[str, str] = {
    "The database {path} is in a folder synced by {service}. Syncing can corrupt a database file while it is in use. Keep it in the default location ({default}) and copy backups (sampingdesa db backup) to {service} instead.": "Basis data {path} ada di folder yang disinkronkan {service}. Sinkronisasi bisa merusak berkas basis data yang sedang dipakai. Simpan di lokasi bawaan ({default}) dan salin cadangannya (sampingdesa db backup) ke {service}.",
}
