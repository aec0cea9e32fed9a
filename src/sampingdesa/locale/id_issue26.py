"""Indonesian catalogue: merges that stay right with wrong clocks, insiders and copies
(issue 26): clock stamps, bulk rows checked, coordinator-only settings, assistant
identities, forks and recovery."""

MESSAGES: dict[str, str] = {
    "coordinator": "koordinator",
    "ahead of": "lebih maju dari",
    "behind": "tertinggal dari",
    "Nothing changed. If the name was mistyped, run init again with the name as before; if {name} now uses this laptop, add --force.": "Tidak ada yang diubah. Bila namanya salah ketik, jalankan init lagi dengan nama seperti sebelumnya; bila {name} kini memakai laptop ini, tambahkan --force.",
    "This laptop is set up for {current} ({desa}). {name} is another name, so another assistant: set this laptop up for {name}?": "Laptop ini disiapkan untuk {current} ({desa}). {name} adalah nama lain, jadi pendamping lain: siapkan laptop ini untuk {name}?",
    "This laptop is set up for {current} ({desa}); {name} is another name, so another assistant. Nothing changed.": "Laptop ini disiapkan untuk {current} ({desa}); {name} adalah nama lain, jadi pendamping lain. Tidak ada yang diubah.",
    "Set a laptop set up for one assistant up for another without asking.": "Siapkan laptop milik satu pendamping untuk pendamping lain tanpa bertanya.",
    "Report settings belong to the coordinator: only the coordinator's laptop changes them, and they reach this laptop with the coordinator's bundle.": "Pengaturan laporan milik koordinator: hanya laptop koordinator yang mengubahnya, dan pengaturan itu sampai ke laptop ini lewat bundel koordinator.",
    "{path}: {count} changes to the report settings were not taken: report settings belong to the coordinator, and only the coordinator's laptop changes them.": "{path}: {count} perubahan pengaturan laporan tidak diambil: pengaturan laporan milik koordinator, dan hanya laptop koordinator yang mengubahnya.",
    "{path}: entry {number} is dated {at}, after the bundle was signed ({signed}); a laptop cannot have written it then. Nothing was merged.": "{path}: entri {number} bertanggal {at}, sesudah bundel ditandatangani ({signed}); laptop tidak mungkin menulisnya saat itu. Tidak ada yang digabung.",
    "The clock of {who}'s laptop is {days} days {direction} this one's: its changes are still ordered correctly, but ask {who} to set the date and time.": "Jam laptop {who} {days} hari {direction} jam laptop ini: urutan perubahannya tetap benar, tetapi minta {who} membetulkan tanggal dan jam.",
    "{path}: {table} record {uuid} is not what its import entry {number} recorded (the row was changed after it was logged); nothing was merged.": "{path}: catatan {table} {uuid} tidak sama dengan yang direkam entri impornya {number} (barisnya diubah sesudah dicatat); tidak ada yang digabung.",
    "{value!r} is not a clock stamp.": "{value!r} bukan cap jam.",
}
MESSAGES.update(
    {
        'Two writers of one laptop: entry {number} of {laptop} exists twice, once written by {held_by} (received before) and once by {other_by} in {bundle} (signed by laptop {other_laptop}). See docs/guide-sync.md, "Recovery".': 'Dua penulis untuk satu laptop: entri {number} dari {laptop} ada dua kali, sekali ditulis oleh {held_by} (diterima sebelumnya) dan sekali oleh {other_by} di {bundle} (ditandatangani laptop {other_laptop}). Lihat docs/guide-sync.md, "Pemulihan".',
    }
)
MESSAGES.update(
    {
        "{path} is signed as this very database: a copy or a backup of it wrote it, not another laptop. Nothing was merged.": "{path} ditandatangani sebagai basis data ini sendiri: salinan atau cadangannya yang menulisnya, bukan laptop lain. Tidak ada yang digabung.",
    }
)
MESSAGES.update(
    {
        "No laptop {id} is known here.": "Laptop {id} tidak dikenal di sini.",
        "entries signed with a key that was not this laptop's": "entri yang ditandatangani dengan kunci yang bukan milik laptop ini",
        "Entries of {count} laptop histories were set aside without the logged recovery step that does so.": "Entri dari {count} riwayat laptop disisihkan tanpa langkah pemulihan yang tercatat.",
        "--drop-foreign replaces the key: give --replace too.": "--drop-foreign mengganti kunci: berikan juga --replace.",
        "Records the key pinned before changed, to be put back": "Catatan yang diubah oleh kunci yang disematkan sebelumnya, akan dikembalikan",
        "Name": "Nama",
        "Undo {entries} entries of laptop {id} (signed with the key pinned before) on {rows} records, and pin the new key?": "Batalkan {entries} entri laptop {id} (ditandatangani dengan kunci yang disematkan sebelumnya) pada {rows} catatan, lalu sematkan kunci baru?",
        "Nothing changed; run again with --yes.": "Tidak ada yang diubah; jalankan lagi dengan --yes.",
        "Laptop {id}: {entries} entries disowned, {rows} records put back, new key pinned. Import that laptop's bundle again.": "Laptop {id}: {entries} entri dilepas, {rows} catatan dikembalikan, kunci baru disematkan. Impor lagi bundel laptop itu.",
        "With --replace: undo what the key pinned before brought (listed first) and accept the real laptop's history.": "Dengan --replace: batalkan apa yang dibawa kunci yang disematkan sebelumnya (ditampilkan dulu) dan terima riwayat laptop yang sebenarnya.",
    }
)
MESSAGES.update(
    {
        "{path}: {table} record {uuid} holds {field} = {found!r}, which no logged change explains (it was changed beside sampingdesa); nothing was merged.": "{path}: catatan {table} {uuid} berisi {field} = {found!r}, yang tidak dijelaskan oleh perubahan tercatat mana pun (diubah di luar sampingdesa); tidak ada yang digabung.",
    }
)
MESSAGES.update(
    {
        "Made as users work: two assistants' laptops imported their BNBA lists from sample_data, recorded visits (one form row corrected) and sent signed bundles; this coordinator's database merged them and syncs like any other.": "Dibuat seperti pengguna bekerja: laptop dua pendamping mengimpor daftar BNBA dari sample_data, mencatat kunjungan (satu baris formulir dikoreksi) dan mengirim bundel bertanda tangan; basis data koordinator ini menggabungkannya dan bisa disinkronkan seperti yang lain.",
        "Demo laptop of {name}: importing {file}": "Laptop contoh {name}: mengimpor {file}",
        "Coordinator: merging the assistants' bundles": "Koordinator: menggabungkan bundel para pendamping",
    }
)
