"""Writes the corpus of real-shaped recipient lists (tests/test_import_corpus.py imports every
one without a column mapping). Run from the repository root:

    python tests/data/lists/make_lists.py

Layouts follow what Dinas Sosial, DTKS/DTSEN, SIKS-NG, BNBA (PKH, BPNT), PBI-JK and BLT Dana
Desa lists look like: title rows above the header, a column-number row "(1) (2) ..." or
"1 2 3" under it, two-row headers, headings such as NAMA KRT / NAMA KPM / NO. KK /
KELURAHAN/DESA / KEC., region names shortened ("Bamban Sel.", "Ds. Hamak Utr."), names in
any case. The people are invented; NIKs are structurally valid for Hulu Sungai Selatan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

# (name, sex, birth date, kecamatan code, desa as the list writes it, kecamatan as written)
PEOPLE = [
    ("ASNAH", "P", dt.date(1961, 3, 4), "630604", "Bamban Sel.", "Angkinang"),
    ("abdul hamid", "L", dt.date(1975, 11, 20), "630603", "Ds. Hamak Utr.", "Kec. Telaga Langsat"),
    ("Siti Rahmah", "P", dt.date(1988, 1, 15), "630605", "Kel. Kandangan Kota", "Kandangan"),
    ("MUHAMMAD  YUSUF", "L", dt.date(1950, 8, 17), "630601", "Batang Kulur Tgh.", "Sungai Raya"),
    ("Norhayati", "P", dt.date(1992, 6, 30), "630605", "Kandangan Brt.", "KANDANGAN"),
    ("Gusti Rusdi", "L", dt.date(1968, 2, 2), "630601", "Sei Raya Sel.", "Sei Raya"),
    ("Hj. Masitah", "P", dt.date(1955, 12, 31), "630605", "Gambah Dalam Bar.", "Kandangan"),
    ("Rahmadi", "L", dt.date(1983, 4, 9), "630603", "Hamak Tim.", "Telaga Langsat"),
]


def nik(person: tuple, serial: int) -> str:
    _name, sex, born, kec, _desa, _kecamatan = person
    day = born.day + (40 if sex == "P" else 0)
    return f"{kec}{day:02d}{born:%m%y}{serial:04d}"


def kk(person: tuple, serial: int) -> str:
    return f"{person[3]}{(serial % 28) + 1:02d}0120{serial + 100:04d}"


def rows(count: int, start: int, make) -> list[list]:
    return [
        make(i + 1, PEOPLE[(start + i) % len(PEOPLE)], start * 10 + i + 1) for i in range(count)
    ]


def write_xlsx(name: str, top: list[list], header: list[list], body: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for line in [*top, *header, *body]:
        sheet.append(line)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.isdigit() and len(cell.value) == 16:
                cell.number_format = "@"  # a NIK typed as text, as offices are told to
    book.save(HERE / name)


def write_csv(name: str, lines: list[list], sep: str, encoding: str = "utf-8") -> None:
    text = "\n".join(sep.join("" if v is None else str(v) for v in line) for line in lines)
    (HERE / name).write_text(text + "\n", encoding=encoding)


def numbered(count: int, parens: bool) -> list[str]:
    return [f"({n})" if parens else str(n) for n in range(1, count + 1)]


def main() -> None:
    # 1. DTKS export: title rows, NAMA KRT, NO. KK, KELURAHAN/DESA, KEC., "(1) (2) ..." row.
    head = [
        "NO",
        "NIK",
        "NO. KK",
        "NAMA KRT",
        "JENIS KELAMIN",
        "TGL LAHIR",
        "ALAMAT",
        "RT",
        "RW",
        "KELURAHAN/DESA",
        "KEC.",
    ]
    write_xlsx(
        "01_dtks_krt.xlsx",
        [["DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS)"], ["KABUPATEN HULU SUNGAI SELATAN"], []],
        [head, numbered(len(head), True)],
        rows(
            4,
            0,
            lambda i, p, s: [
                i,
                nik(p, s),
                kk(p, s),
                p[0],
                "PEREMPUAN" if p[1] == "P" else "LAKI-LAKI",
                p[2].strftime("%d-%m-%Y"),
                "Jl. Mawar",
                "001",
                "002",
                p[4],
                p[5],
            ],
        ),
    )
    # 2. BNBA PKH: NAMA KPM first, NOMOR KK, TEMPAT LAHIR beside TGL. LAHIR, L/P, bare numbers.
    head = [
        "NO.",
        "NAMA KPM",
        "NIK KPM",
        "NOMOR KK",
        "TEMPAT LAHIR",
        "TGL. LAHIR",
        "L/P",
        "ALAMAT",
        "DESA/KEL",
        "KECAMATAN",
        "KOMPONEN",
    ]
    write_xlsx(
        "02_bnba_pkh.xlsx",
        [["BY NAME BY ADDRESS KPM PKH TAHAP IV 2026"], []],
        [head, numbered(len(head), False)],
        rows(
            4,
            1,
            lambda i, p, s: [
                i,
                p[0],
                nik(p, s),
                kk(p, s),
                "Kandangan",
                p[2],
                p[1],
                "Gg. Salam",
                p[4],
                p[5],
                "lansia",
            ],
        ),
    )
    # 3. SIKS-NG CSV, semicolons: TEMPAT/TGL LAHIR, RT/RW, KEL/DESA, KEC, PROGRAM.
    head = [
        "NO URUT",
        "NIK",
        "NAMA PENERIMA",
        "JNS KELAMIN",
        "TEMPAT/TGL LAHIR",
        "ALAMAT",
        "RT/RW",
        "KEL/DESA",
        "KEC",
        "PROGRAM",
    ]
    write_csv(
        "03_siks_ng.csv",
        [
            ["EXPORT SIKS-NG"],
            head,
            *rows(
                4,
                2,
                lambda i, p, s: [
                    i,
                    nik(p, s),
                    p[0],
                    p[1],
                    f"Kandangan {p[2]:%d/%m/%Y}",
                    "Jl. Aluh Idut",
                    "003/001",
                    p[4],
                    p[5],
                    "BPNT",
                ],
            ),
        ],
        ";",
    )
    # 4. BNBA with a two-row header (ALAMAT over RT and RW) and NAMA ART / NIK ART.
    top = [
        "NO",
        "NIK ART",
        "NAMA ART",
        "NO KK",
        "JENIS KELAMIN",
        "TANGGAL LAHIR",
        "ALAMAT",
        "",
        "",
        "DESA",
        "KECAMATAN",
    ]
    sub = ["", "", "", "", "", "", "JALAN", "RT", "RW", "", ""]
    write_xlsx(
        "04_bnba_two_row_header.xlsx",
        [["DAFTAR ANGGOTA RUMAH TANGGA"]],
        [top, sub],
        rows(
            4,
            3,
            lambda i, p, s: [
                i,
                nik(p, s),
                p[0],
                kk(p, s),
                "Perempuan" if p[1] == "P" else "Laki-laki",
                p[2],
                "Jl. Jambu",
                "4",
                "1",
                p[4],
                p[5],
            ],
        ),
    )
    # 5. Dinas Sosial CSV in lower case, commas, names in any case.
    head = [
        "no",
        "nama penerima manfaat",
        "nik",
        "jenis kelamin",
        "tgl lahir",
        "alamat",
        "kelurahan",
        "kecamatan",
    ]
    write_csv(
        "05_dinsos_lowercase.csv",
        [
            head,
            *rows(
                4,
                4,
                lambda i, p, s: [
                    i,
                    p[0].lower(),
                    nik(p, s),
                    p[1].lower(),
                    p[2].isoformat(),
                    "jl. pahlawan",
                    p[4],
                    p[5],
                ],
            ),
        ],
        ",",
    )
    # 6. BLT Dana Desa: title, subtitle, blank, NAMA KEPALA KELUARGA, NOMOR KARTU KELUARGA,
    #    "(1)" numbering, no kecamatan column.
    head = [
        "NO",
        "NAMA KEPALA KELUARGA",
        "NIK",
        "NOMOR KARTU KELUARGA",
        "JK",
        "ALAMAT",
        "DESA/KELURAHAN",
    ]
    write_xlsx(
        "06_blt_dana_desa.xlsx",
        [["DAFTAR PENERIMA BLT DANA DESA"], ["TAHUN ANGGARAN 2026"], []],
        [head, numbered(len(head), True)],
        rows(4, 5, lambda i, p, s: [i, p[0].upper(), nik(p, s), kk(p, s), p[1], "RT 02", p[4]]),
    )
    # 7. PBI-JK CSV: "No.", Nama Peserta, Tanggal Lahir as dd/mm/yyyy, Kelurahan, Kecamatan.
    head = [
        "No.",
        "Nama Peserta",
        "NIK",
        "Jenis Kelamin",
        "Tanggal Lahir",
        "Alamat",
        "Kelurahan / Desa",
        "Kecamatan",
    ]
    write_csv(
        "07_pbi_jk.csv",
        [
            head,
            *rows(
                4,
                6,
                lambda i, p, s: [
                    i,
                    p[0].title(),
                    nik(p, s),
                    "Perempuan" if p[1] == "P" else "Laki-laki",
                    p[2].strftime("%d/%m/%Y"),
                    "Jl. Karya",
                    p[4],
                    p[5],
                ],
            ),
        ],
        ",",
    )
    # 8. KPM BPNT with the header low on the sheet, "1 2 3" numbering, NAMA KPM, KEC.
    head = ["NO", "NIK", "NAMA KPM", "JK", "ALAMAT", "KELURAHAN / DESA", "KEC.", "JENIS BANTUAN"]
    write_xlsx(
        "08_kpm_bpnt.xlsx",
        [
            ["PEMERINTAH KABUPATEN HULU SUNGAI SELATAN"],
            ["DINAS SOSIAL"],
            [],
            ["DAFTAR KPM PROGRAM SEMBAKO"],
            ["Periode: November 2026"],
        ],
        [head, numbered(len(head), False)],
        rows(4, 7, lambda i, p, s: [i, nik(p, s), p[0], p[1], "Jl. Merdeka", p[4], p[5], "BPNT"]),
    )
    # 9. CSV with NIK PENERIMA, NO. KK, ALAMAT LENGKAP, DESA/KELURAHAN, HP, windows-1252.
    head = [
        "NO",
        "NAMA PENERIMA",
        "NIK PENERIMA",
        "NO. KK",
        "ALAMAT LENGKAP",
        "DESA/KELURAHAN",
        "KEC.",
        "HP",
    ]
    write_csv(
        "09_penerima_cp1252.csv",
        [
            head,
            *rows(
                4,
                0,
                lambda i, p, s: [
                    i,
                    p[0],
                    nik(p, s),
                    kk(p, s),
                    "Jl. Kenanga No. 5",
                    p[4],
                    p[5],
                    f"0812345678{i:02d}",
                ],
            ),
        ],
        ";",
        "cp1252",
    )
    # 10. NAMA SESUAI KTP, NIK KTP, TTL "Kandangan, 05-07-1989", RT/RW, Desa, Kec.
    head = ["No", "Nama Sesuai KTP", "NIK KTP", "TTL", "L/P", "RT/RW", "Desa", "Kec."]
    write_xlsx(
        "10_ktp_ttl.xlsx",
        [["Rekap usulan bantuan"]],
        [head, numbered(len(head), True)],
        rows(
            4,
            2,
            lambda i, p, s: [
                i,
                p[0],
                nik(p, s),
                f"Kandangan, {p[2]:%d-%m-%Y}",
                p[1],
                "002/003",
                p[4],
                p[5],
            ],
        ),
    )
    # 11. NAMA KK (household head) as NAMA KEPALA RUMAH TANGGA, JENIS KEL, TGL LHR, no title.
    head = [
        "NOMOR URUT",
        "NAMA KEPALA RUMAH TANGGA",
        "NIK",
        "JENIS KEL",
        "TGL LHR",
        "NAMA DESA",
        "NAMA KECAMATAN",
    ]
    write_csv(
        "11_rumah_tangga.csv",
        [
            head,
            *rows(
                4,
                3,
                lambda i, p, s: [i, p[0], nik(p, s), p[1], p[2].strftime("%d-%m-%Y"), p[4], p[5]],
            ),
        ],
        ";",
    )
    # 12. NAMA PENERIMA BANTUAN with column numbers written "(1)".."(n)" and a blank row.
    head = [
        "NO",
        "NIK",
        "NAMA PENERIMA BANTUAN",
        "TEMPAT LAHIR",
        "TANGGAL LAHIR",
        "JENIS KELAMIN",
        "ALAMAT",
        "DS/KEL",
        "KECAMATAN",
    ]
    write_xlsx(
        "12_penerima_bantuan.xlsx",
        [["LAMPIRAN SK BUPATI"], [""], ["NOMOR 12 TAHUN 2026"]],
        [head, numbered(len(head), True)],
        rows(
            4,
            5,
            lambda i, p, s: [
                i,
                nik(p, s),
                p[0],
                "Kandangan",
                p[2],
                "P" if p[1] == "P" else "L",
                "Jl. Bakti",
                p[4],
                p[5],
            ],
        ),
    )


if __name__ == "__main__":
    main()
