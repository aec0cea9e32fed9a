"""Indonesian texts of the social-problem register (pendataan), the DTSEN proposals
(usulan), the desil and the "Pendataan & Usulan" sheet (issue 15)."""

MESSAGES: dict[str, str] = {
    # PPKS categories (Permensos 5/2019)
    "neglected child under five": "anak balita terlantar",
    "neglected child": "anak terlantar",
    "child in conflict with the law": "anak yang berhadapan dengan hukum",
    "street child": "anak jalanan",
    "child with a disability": "anak dengan kedisabilitasan",
    "child victim of violence or mistreatment": (
        "anak korban tindak kekerasan atau diperlakukan salah"
    ),
    "child in need of special protection": "anak yang memerlukan perlindungan khusus",
    "neglected elderly person": "lanjut usia terlantar",
    "person with a disability": "penyandang disabilitas",
    "sex worker": "tuna susila",
    "homeless person": "gelandangan",
    "beggar": "pengemis",
    "scavenger": "pemulung",
    "minority group": "kelompok minoritas",
    "former prison inmate": "bekas warga binaan lembaga pemasyarakatan",
    "person living with HIV/AIDS": "orang dengan HIV/AIDS",
    "victim of drug abuse": "korban penyalahgunaan NAPZA",
    "victim of human trafficking": "korban perdagangan orang (trafficking)",
    "victim of violence": "korban tindak kekerasan",
    "migrant worker with social problems": "pekerja migran bermasalah sosial",
    "victim of a natural disaster": "korban bencana alam",
    "victim of a social disaster": "korban bencana sosial",
    "socially and economically vulnerable woman": "perempuan rawan sosial ekonomi",
    "destitute poor": "fakir miskin",
    "family with social and psychological problems": "keluarga bermasalah sosial psikologis",
    "remote indigenous community": "komunitas adat terpencil",
    # Other codes
    "person": "perorangan",
    "household": "rumah tangga",
    "closed (handled)": "ditutup (sudah ditangani)",
    "new entry": "baru",
    "data correction": "perbaikan",
    "removal": "hapus",
    "draft": "draf",
    "discussed at the village meeting": "dibahas di musdes",
    "entered in SIKS-NG": "diinput ke SIKS-NG",
    "accepted": "diterima",
    "rejected": "ditolak",
    "desil over the limit": "desil melebihi batas",
    # Field labels
    "desil": "desil",
    "desil date": "tanggal desil",
    "PPKS category": "kategori PPKS",
    "person or household": "perorangan atau rumah tangga",
    "description": "uraian",
    "name": "nama",
    "address": "alamat",
    "note": "catatan",
    "kind of proposal": "jenis usulan",
    "proposal status": "status usulan",
    "removal reason": "alasan penghapusan",
    # Library messages
    "A desil is a whole number from 1 to 10.": "Desil adalah bilangan bulat 1 sampai 10.",
    "Give the desil with its date.": "Isi desil bersama tanggalnya.",
    "{program} is for desil 1-{limit} (Kepmensos 79/HUK/2025); this household is at desil "
    "{desil}.": (
        "{program} untuk desil 1-{limit} (Kepmensos 79/HUK/2025); rumah tangga ini berada di "
        "desil {desil}."
    ),
    "{program} at desil {desil} (limit: desil {limit})": (
        "{program} pada desil {desil} (batas: desil {limit})"
    ),
    "Give at least one PPKS category.": "Isi paling sedikit satu kategori PPKS.",
    "Describe what was found.": "Uraikan apa yang ditemukan.",
    "The name is required.": "Nama wajib diisi.",
    "The desa is required.": "Desa wajib diisi.",
    "Without a NIK, the address is required to find the person again.": (
        "Tanpa NIK, alamat wajib diisi agar orangnya dapat ditemukan lagi."
    ),
    "NIK {nik} already has an open register entry ({id}); edit that one.": (
        "NIK {nik} sudah punya catatan pendataan yang terbuka ({id}); ubah yang itu."
    ),
    "register entry": "catatan pendataan",
    "category removed": "kategori dihapus",
    "Register entry {id} was already closed on {date}.": (
        "Catatan pendataan {id} sudah ditutup pada {date}."
    ),
    "Register entry {id} was opened on {opened}; it cannot be closed before.": (
        "Catatan pendataan {id} dibuka pada {opened}; tidak dapat ditutup sebelum tanggal itu."
    ),
    "Finding {id} is of kind {kind}; only an off-target finding leads to a removal proposal.": (
        "Temuan {id} berjenis {kind}; hanya temuan tidak tepat sasaran yang menjadi usulan "
        "penghapusan."
    ),
    "A proposal needs the NIK (SIKS-NG does). For someone without papers, keep the register "
    "entry and help them to Disdukcapil first.": (
        "Usulan memerlukan NIK (SIKS-NG memintanya). Untuk warga tanpa dokumen, simpan catatan "
        "pendataannya dan bantu dulu ke Disdukcapil."
    ),
    "A removal proposal needs its reason.": "Usulan penghapusan memerlukan alasannya.",
    "A removal reason is only for a removal proposal (hapus).": (
        "Alasan penghapusan hanya untuk usulan penghapusan (hapus)."
    ),
    "Say why it is proposed.": "Sebutkan alasan pengusulannya.",
    "A removal proposal proposes no programme.": "Usulan penghapusan tidak mengusulkan program.",
    "NIK {nik} already has a {kind} proposal in progress ({id}, {status}); edit that one.": (
        "NIK {nik} sudah punya usulan {kind} yang sedang berjalan ({id}, {status}); ubah yang itu."
    ),
    "proposal": "usulan",
    "Proposal {id} is {status}; it can no longer be edited.": (
        "Usulan {id} berstatus {status}; tidak dapat diubah lagi."
    ),
    "Proposal {id} is {status}; from there it can go to: {choices}.": (
        "Usulan {id} berstatus {status}; dari sana dapat berlanjut ke: {choices}."
    ),
    "nothing": "tidak ada",
    "Proposal {id} reached its last step on {date}; give a later date.": (
        "Usulan {id} mencapai tahap terakhirnya pada {date}; isi tanggal sesudahnya."
    ),
    "Say why the proposal was rejected.": "Sebutkan alasan usulan ditolak.",
    "Removal proposal {id} accepted in the DTSEN update.": (
        "Usulan penghapusan {id} diterima dalam pembaharuan DTSEN."
    ),
    "Row {row}: {message}": "Baris {row}: {message}",
    "the NIK is stored as a number and Excel may have rounded it; format the column as text and "
    "type it again": (
        "NIK tersimpan sebagai angka dan mungkin sudah dibulatkan Excel; jadikan kolomnya teks "
        "lalu ketik ulang"
    ),
    "the same NIK is on row {row}": "NIK yang sama ada di baris {row}",
    "expected diterima/layak or ditolak/tidak layak": (
        "seharusnya diterima/layak atau ditolak/tidak layak"
    ),
    "no proposal with this NIK is waiting in SIKS-NG": (
        "tidak ada usulan dengan NIK ini yang menunggu di SIKS-NG"
    ),
    "this NIK has {count} proposals waiting in SIKS-NG": (
        "NIK ini punya {count} usulan yang menunggu di SIKS-NG"
    ),
    "rejected at the ground check ({file})": "ditolak saat verifikasi lapangan ({file})",
    "{file}: no header row with a NIK column and a result column (hasil, status) in the first 30 "
    "rows.": (
        "{file}: tidak ada baris judul dengan kolom NIK dan kolom hasil (hasil, status) pada 30 "
        "baris pertama."
    ),
    "{file}: {count} problems; nothing was changed.": (
        "{file}: {count} masalah; tidak ada yang diubah."
    ),
    # Commands: pendataan
    "The social-problem register (PPKS): people and households who need social services.": (
        "Pendataan PPKS: warga dan rumah tangga yang memerlukan pelayanan kesejahteraan sosial."
    ),
    "Register entry id (its first characters are enough).": (
        "ID catatan pendataan (beberapa karakter pertama sudah cukup)."
    ),
    "PPKS category, e.g. fakir-miskin, lansia-terlantar, disabilitas (repeatable).": (
        "Kategori PPKS, mis. fakir-miskin, lansia-terlantar, disabilitas (boleh berulang)."
    ),
    "NIK, 16 digits (leave out when the person has none).": (
        "NIK, 16 digit (kosongkan bila orangnya tidak punya)."
    ),
    "person or household.": "person (perorangan) atau household (rumah tangga).",
    "Address (required without a NIK).": "Alamat (wajib bila tanpa NIK).",
    "Services needed.": "Layanan yang dibutuhkan.",
    "Where the person was referred (office, facility).": "Tujuan rujukan (kantor, fasilitas).",
    "What came of the referral.": "Hasil rujukan.",
    "Photo file (path and SHA-256 are kept; repeatable).": (
        "Berkas foto (lokasi dan SHA-256 disimpan; boleh berulang)."
    ),
    "GPS position LAT,LON.": "Posisi GPS LAT,LON.",
    "Date found (default today).": "Tanggal ditemukan (bawaan: hari ini).",
    "Link a recipient of the register (NIK or id).": "Tautkan penerima di register (NIK atau ID).",
    "Open from a visit: the visited recipient needs more than their aid.": (
        "Buka dari kunjungan: penerima yang dikunjungi butuh lebih dari bantuannya."
    ),
    "Register a person or household with a social problem (NIK optional).": (
        "Catat warga atau rumah tangga dengan masalah sosial (NIK tidak wajib)."
    ),
    "Register entry {id} added.": "Catatan pendataan {id} ditambahkan.",
    "To propose it for the DTSEN update: sampingdesa usulan add --from-entry {id}": (
        "Untuk mengusulkannya dalam pembaharuan DTSEN: sampingdesa usulan add --from-entry {id}"
    ),
    "Only this PPKS category.": "Hanya kategori PPKS ini.",
    "Only open entries (default), or all.": "Hanya yang terbuka (bawaan), atau semua.",
    "Register entries, newest first (NIKs masked unless --show-nik).": (
        "Catatan pendataan, terbaru dulu (NIK disamarkan kecuali --show-nik)."
    ),
    "Social-problem register": "Pendataan PPKS",
    "Found on": "Ditemukan",
    "PPKS categories": "Kategori PPKS",
    "{count} entries": "{count} catatan",
    "Everything recorded in one register entry.": "Seluruh isi satu catatan pendataan.",
    "Whom": "Sasaran",
    "What was found": "Yang ditemukan",
    "Services needed": "Layanan dibutuhkan",
    "Referral": "Rujukan",
    "Referral outcome": "Hasil rujukan",
    "GPS": "GPS",
    "Photos": "Foto",
    "Closed": "Ditutup",
    "Proposals": "Usulan",
    "Replace the PPKS categories with these (repeatable).": (
        "Ganti kategori PPKS dengan ini (boleh berulang)."
    ),
    "Add a photo file (repeatable).": "Tambah berkas foto (boleh berulang).",
    "Date found.": "Tanggal ditemukan.",
    "Change a register entry (each change goes to the change log).": (
        "Ubah catatan pendataan (setiap perubahan masuk log perubahan)."
    ),
    "Date closed (default today).": "Tanggal ditutup (bawaan: hari ini).",
    "Close a register entry once the problem is handled, saying how.": (
        "Tutup catatan pendataan setelah masalahnya ditangani, dengan keterangan caranya."
    ),
    "Register entry {id} closed on {date}.": "Catatan pendataan {id} ditutup pada {date}.",
    # Commands: usulan
    "Proposals (usulan) for the monthly DTSEN data update: new, corrections, removals.": (
        "Usulan pembaharuan data DTSEN bulanan: usulan baru, perbaikan, penghapusan."
    ),
    "Proposal id (its first characters are enough).": (
        "ID usulan (beberapa karakter pertama sudah cukup)."
    ),
    "baru (new), perbaikan (correction) or hapus (removal).": "baru, perbaikan atau hapus.",
    "Programme proposed (repeatable); checked against the desil limits.": (
        "Program yang diusulkan (boleh berulang); diperiksa terhadap batas desil."
    ),
    "The household's desil, when known and not in the register.": (
        "Desil rumah tangga, bila diketahui dan belum ada di register."
    ),
    "For a removal: meninggal, pindah, mampu or ganda.": (
        "Untuk penghapusan: meninggal, pindah, mampu atau ganda."
    ),
    "Why it is proposed.": "Alasan pengusulan.",
    "Update month, YYYY-MM (default this month).": "Bulan pembaharuan, YYYY-MM (bawaan: bulan ini).",
    "NIK, 16 digits (required by SIKS-NG).": "NIK, 16 digit (wajib untuk SIKS-NG).",
    "Full name (taken from the register when known).": (
        "Nama lengkap (diambil dari register bila sudah terdaftar)."
    ),
    "Address.": "Alamat.",
    "household (default) or person.": "household (rumah tangga, bawaan) atau person (perorangan).",
    "Propose the removal an off-target finding calls for.": (
        "Usulkan penghapusan dari temuan tidak tepat sasaran."
    ),
    "Propose the inclusion of a register entry (pendataan).": (
        "Usulkan pencantuman warga dari catatan pendataan."
    ),
    "Record a proposal (status draft) for this month's DTSEN update.": (
        "Catat usulan (status draf) untuk pembaharuan DTSEN bulan ini."
    ),
    "Proposal {id} ({kind}) for {name} ({nik}), {month}: draft.": (
        "Usulan {id} ({kind}) untuk {name} ({nik}), {month}: draf."
    ),
    "Only this update month, YYYY-MM.": "Hanya bulan pembaharuan ini, YYYY-MM.",
    "draft, musdes, siks-ng, diterima or ditolak.": "draft, musdes, siks-ng, diterima atau ditolak.",
    "Proposals by month and desa (NIKs masked).": "Usulan per bulan dan desa (NIK disamarkan).",
    "Proposals for the DTSEN update": "Usulan pembaharuan DTSEN",
    "Desil": "Desil",
    "{count} proposals": "{count} usulan",
    "Everything recorded in one proposal.": "Seluruh isi satu usulan.",
    "Removal reason": "Alasan penghapusan",
    "Meeting date": "Tanggal musdes",
    "Entered in SIKS-NG": "Diinput ke SIKS-NG",
    "Decided on": "Diputuskan",
    "Why rejected": "Alasan ditolak",
    "From finding": "Dari temuan",
    "From register entry": "Dari catatan pendataan",
    "Replace the programmes proposed (repeatable).": (
        "Ganti program yang diusulkan (boleh berulang)."
    ),
    "Move to another update month, YYYY-MM.": "Pindahkan ke bulan pembaharuan lain, YYYY-MM.",
    "Change a proposal before it is entered in SIKS-NG.": (
        "Ubah usulan sebelum diinput ke SIKS-NG."
    ),
    "musdes (discussed at the meeting), siks-ng, diterima or ditolak.": (
        "musdes (dibahas di musdes), siks-ng, diterima atau ditolak."
    ),
    "Date of the meeting, input or decision (default today).": (
        "Tanggal musdes, input atau keputusan (bawaan: hari ini)."
    ),
    "Why (required for ditolak; goes to the change log).": (
        "Alasannya (wajib untuk ditolak; masuk log perubahan)."
    ),
    "Move a proposal along the monthly cycle.": "Lanjutkan usulan ke tahap berikutnya.",
    "Proposal {id}: {status} ({date}).": "Usulan {id}: {status} ({date}).",
    "Update month, YYYY-MM.": "Bulan pembaharuan, YYYY-MM.",
    "Workbook to write (.xlsx).": "Berkas kerja yang ditulis (.xlsx).",
    "Full-NIK sheet for the desa operator (needs --reason; logged).": (
        "Lembar NIK lengkap untuk operator desa (perlu --reason; dicatat)."
    ),
    "Why full NIKs are needed (required with --for-siks; logged).": (
        "Alasan NIK lengkap diperlukan (wajib dengan --for-siks; dicatat)."
    ),
    "The month's list for the village meeting (masked NIKs), or the SIKS-NG sheet.": (
        "Daftar usulan bulan ini untuk musdes (NIK disamarkan), atau lembar untuk SIKS-NG."
    ),
    "--for-siks writes full NIKs: say why with --reason.": (
        "--for-siks menulis NIK lengkap: sebutkan alasannya dengan --reason."
    ),
    "{count} proposals written to {path}.": "{count} usulan ditulis ke {path}.",
    "Dinas Sosial's ground-check result list (.xlsx, .ods or .csv).": (
        "Daftar hasil verifikasi lapangan dari Dinas Sosial (.xlsx, .ods atau .csv)."
    ),
    "Sheet to read (default the first).": "Lembar yang dibaca (bawaan: yang pertama).",
    "Set the status of proposals entered in SIKS-NG from a ground-check result list, by NIK."
    "\n\nAll or nothing: one bad row changes nothing.": (
        "Perbarui status usulan yang sudah diinput ke SIKS-NG dari daftar hasil verifikasi "
        "lapangan, berdasarkan NIK.\n\nSemua atau tidak sama sekali: satu baris salah berarti "
        "tidak ada yang diubah."
    ),
    "{file}: {accepted} proposals accepted, {rejected} rejected.": (
        "{file}: {accepted} usulan diterima, {rejected} ditolak."
    ),
    "To propose the removal for DTSEN: sampingdesa usulan add --from-finding {id}": (
        "Untuk mengusulkan penghapusan dari DTSEN: sampingdesa usulan add --from-finding {id}"
    ),
    "Finding {id} ({details}) comes from the register's desil: it closes by itself when the "
    "desil is corrected (sampingdesa recipient edit NIK --desil N) or the enrolment ends "
    "(sampingdesa recipient leave).": (
        "Temuan {id} ({details}) berasal dari desil di register: temuan ini tertutup sendiri "
        "bila desilnya diperbaiki (sampingdesa recipient edit NIK --desil N) atau "
        "kepesertaannya diakhiri (sampingdesa recipient leave)."
    ),
    # Recipients: desil
    "DTSEN welfare decile, 1 (poorest) to 10.": "Desil kesejahteraan DTSEN, 1 (termiskin) - 10.",
    "When the desil was known (default today).": "Tanggal desil diketahui (bawaan: hari ini).",
    "Desil (DTSEN)": "Desil (DTSEN)",
    "{details}: listed as a finding; propose a change in the DTSEN update.": (
        "{details}: tercatat sebagai temuan; usulkan perubahan dalam pembaharuan DTSEN."
    ),
    # The meeting list and the SIKS-NG sheet
    "Proposal list": "Daftar Usulan",
    "Berita acara": "Berita Acara",
    "For SIKS-NG": "Untuk SIKS-NG",
    "LIST OF PROPOSALS FOR THE DTSEN DATA UPDATE": "DAFTAR USULAN PEMBAHARUAN DATA DTSEN",
    "Desa {desa}, Kecamatan {kecamatan}, {kabupaten}": (
        "Desa {desa}, Kecamatan {kecamatan}, {kabupaten}"
    ),
    "Special village meeting (musyawarah desa khusus), {month}": (
        "Musyawarah desa khusus, {month}"
    ),
    "No.": "No.",
    "Kind of proposal": "Jenis usulan",
    "Programmes proposed": "Program diusulkan",
    "Meeting decision (agreed / not)": "Keputusan musdes (setuju / tidak)",
    "No proposals to discuss for {desa} in {month} (draft or at the meeting).": (
        "Tidak ada usulan untuk dibahas di {desa} pada {month} (draf atau dibahas di musdes)."
    ),
    "MINUTES (BERITA ACARA)": "BERITA ACARA",
    "SPECIAL VILLAGE MEETING ON THE DTSEN DATA UPDATE": (
        "MUSYAWARAH DESA KHUSUS PEMBAHARUAN DATA DTSEN"
    ),
    "DESA {desa}, KECAMATAN {kecamatan}": "DESA {desa}, KECAMATAN {kecamatan}",
    "On (day) {dots} date {dots}, at {dots}, the special village meeting of Desa {desa} "
    "discussed the proposals for the DTSEN data update of {month}.": (
        "Pada hari ini {dots} tanggal {dots}, bertempat di {dots}, telah dilaksanakan "
        "musyawarah desa khusus Desa {desa} untuk membahas usulan pembaharuan data DTSEN bulan "
        "{month}."
    ),
    "{total} proposals were discussed: {new} new entries, {correction} data corrections and "
    "{removal} removals. The decision on each proposal is written on the proposal list, which "
    "is part of these minutes.": (
        "Dibahas {total} usulan: {new} usulan baru, {correction} perbaikan data dan {removal} "
        "penghapusan. Keputusan atas setiap usulan tertulis pada Daftar Usulan, yang merupakan "
        "bagian tidak terpisahkan dari berita acara ini."
    ),
    "Agreed proposals: {dots}    Proposals not agreed: {dots}": (
        "Usulan disetujui: {dots}    Usulan tidak disetujui: {dots}"
    ),
    "Attendance": "Daftar hadir",
    "Position / group": "Jabatan / unsur",
    "Signature": "Tanda tangan",
    "{desa}, {dots}": "{desa}, {dots}",
    "Samping Desa,": "Samping Desa,",
    "Kepala Desa {desa},": "Kepala Desa {desa},",
    "Desa/Kelurahan": "Desa/Kelurahan",
    "Proposal id": "ID usulan",
    "No proposals of {desa} in {month} were agreed at the meeting yet (status musdes); set their "
    "status first.": (
        "Belum ada usulan {desa} pada {month} yang disetujui musdes (status musdes); ubah dulu "
        "statusnya."
    ),
    "PROPOSALS TO ENTER IN SIKS-NG: {month}": "USULAN UNTUK DIINPUT KE SIKS-NG: {month}",
    "CONFIDENTIAL: full NIKs (UU PDP 27/2022). Reason: {reason}": (
        "RAHASIA: berisi NIK lengkap (UU PDP 27/2022). Alasan: {reason}"
    ),
    # The monthly workbook sheet
    "Pendataan & Usulan": "Pendataan & Usulan",
    "Social-problem register entries found in the month per kecamatan and PPKS category; the "
    "month's DTSEN proposals per kind and status; recipients whose desil is above their "
    "programme's limit (Kepmensos 79/HUK/2025).": (
        "Catatan pendataan PPKS baru bulan ini per kecamatan dan kategori; usulan DTSEN bulan "
        "ini per jenis dan status; penerima yang desilnya melebihi batas programnya (Kepmensos "
        "79/HUK/2025)."
    ),
    "New register entries per kecamatan and PPKS category": (
        "Catatan pendataan baru per kecamatan dan kategori PPKS"
    ),
    "Category": "Kategori",
    "Entries": "Catatan",
    "entries (a person may have several categories)": (
        "catatan (satu orang dapat punya beberapa kategori)"
    ),
    "open at the month's end": "masih terbuka di akhir bulan",
    "Proposals of the month per kind and status": "Usulan bulan ini per jenis dan status",
    "Desil above the programme's limit (Kepmensos 79/HUK/2025)": (
        "Desil melebihi batas program (Kepmensos 79/HUK/2025)"
    ),
    "As recorded at the time of the report; propose removals or corrections through the DTSEN "
    "update.": (
        "Sesuai data saat laporan dibuat; usulkan penghapusan atau perbaikan melalui "
        "pembaharuan DTSEN."
    ),
    "Highest desil allowed": "Desil tertinggi yang boleh",
    "Desil date": "Tanggal desil",
    "Social-problem register and DTSEN proposals": "Pendataan PPKS dan usulan DTSEN",
    "Period: {month}. Area: {area}.": "Periode: {month}. Wilayah: {area}.",
    "(none)": "(tidak ada)",
    "Say the kind of proposal: --kind baru, perbaikan or hapus.": (
        "Sebutkan jenis usulan: --kind baru, perbaikan atau hapus."
    ),
    "Give at least one PPKS category: --category fakir-miskin (see the guide's list).": (
        "Isi paling sedikit satu kategori PPKS: --category fakir-miskin (lihat daftar di panduan)."
    ),
}
