"""Generate the fake (never real) recipient lists in sample_data/ that `recipient import`
reads: two messy lists as offices hand them out, and one clean list for the demo.

Deterministic (seeded). NIKs and No. KK are structurally valid for HSS (a real kecamatan
code, a real date, women +40, a non-zero serial) but belong to nobody.

- bnba_pkh_kandangan.xlsx: a notes sheet first; then title rows, a two-row header (a merged
  "Alamat" over Jalan/RT/RW), a "No" column and a 1-2-3 numbering row, dates as real dates,
  as text in three forms and with Indonesian month names, desa written "Kdg Kota" or
  "sei kupang", a NIK Excel turned into a number, one in scientific notation, a NIK typed
  twice, and a signature block under the data.
- bnba_bpnt_sungai_raya.csv: Windows-1252, semicolons, a title line, "Laki-laki/Perempuan",
  RT/RW in one column, programmes in a "Jenis Bantuan" column (one row in BPNT and BLT-DD:
  double aid), a damaged NIK and a row whose birth date disagrees with its NIK.
- bnba_demo_clean.xlsx: a clean list that imports with no problem at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_data"

MALE = ["Ahmad", "Muhammad", "Abdul", "Rahmat", "Syahrani", "Gusti", "Jumberi", "Fauzi",
        "Hamdan", "Rusdi", "Sarbani", "Bahrani", "Anang", "Utuh"]  # fmt: skip
FEMALE = ["Siti", "Masliana", "Aisyah", "Rahmah", "Norhayati", "Jamilah", "Halimah",
          "Salasiah", "Mariani", "Fatimah", "Nurul", "Galuh", "Diang", "Mahrita"]  # fmt: skip
FAMILY = ["Aini", "Rahman", "Hasan", "Saleh", "Yusuf", "Fitri", "Hidayat", "Khairani",
          "Mulyadi", "Noor", "Ramadhan", "Hayati", "Husin", "Zainal"]  # fmt: skip
STREETS = ["Jl. Jend. Sudirman", "Jl. Gerilya", "Jl. Aluh Idut", "Jl. Panglima Batur",
           "Gg. Mesjid", "Jl. Singakarsa"]  # fmt: skip
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]  # fmt: skip


def make_number(kecamatan: str, day: int, month: int, year: int, serial: int) -> str:
    return f"{kecamatan.replace('.', '')}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


def person(rng: random.Random, kecamatan: str, serial: int, elderly: bool = False) -> dict:
    sex = rng.choice("LP")
    age = rng.randint(62, 88) if elderly else rng.randint(22, 58)
    birth = dt.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
    day = birth.day + (40 if sex == "P" else 0)
    issued = dt.date(rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28))
    first = rng.choice(MALE if sex == "L" else FEMALE)
    return {
        "nik": make_number(kecamatan, day, birth.month, birth.year, serial),
        "no_kk": make_number(kecamatan, issued.day, issued.month, issued.year, serial + 700),
        "name": f"{first} {rng.choice(FAMILY)}",
        "sex": sex,
        "birth": birth,
        "street": f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
        "rt": rng.randint(1, 12),
        "rw": rng.randint(1, 4),
        "phone": f"08{rng.randint(1000000000, 9999999999)}",
    }


def date_forms(birth: dt.date, index: int) -> object:
    """Dates as offices type them: a real date cell, or text in one of three forms."""
    forms: list[object] = [
        birth,
        birth.strftime("%d-%m-%Y"),
        birth.strftime("%d/%m/%Y"),
        f"{birth.day} {MONTHS[birth.month - 1]} {birth.year}",
        birth.isoformat(),
    ]
    return forms[index % len(forms)]


# -- the PKH list for Kandangan ---------------------------------------------------------------
KANDANGAN_DESA = ["Kandangan Kota", "Kdg Kota", "sei kupang", "Sungai Kupang", "Gambah Luar",
                  "Amawang Kiri", "KANDANGAN UTARA", "Jambu Hilir"]  # fmt: skip
COMPONENTS = ["Lansia", "Anak SD", "Anak SMP", "Ibu Hamil", "Balita", "Disabilitas Berat"]


def make_pkh_kandangan(rng: random.Random) -> Path:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Keterangan"
    notes["A1"] = "Catatan: data ini fiktif, dibuat untuk uji coba sampingdesa."
    notes["A2"] = "Sumber: SIKS-NG (contoh), diketik ulang di kantor."
    sheet = workbook.create_sheet("BNBA PKH")
    sheet["A1"] = "DAFTAR PENERIMA PKH TAHAP IV 2026"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "DINAS SOSIAL KABUPATEN HULU SUNGAI SELATAN"
    sheet["A3"] = "Kecamatan Kandangan"
    header = ["No", "NIK", "No. KK", "Nama KPM", "L/P", "Tgl. Lahir", "Alamat", None, None,
              "Desa/Kel.", "Kecamatan", "Komponen", "No HP"]  # fmt: skip
    for column, text in enumerate(header, start=1):
        if text:
            sheet.cell(5, column, text).font = Font(bold=True)
    for column, text in ((7, "Jalan"), (8, "RT"), (9, "RW")):
        sheet.cell(6, column, text).font = Font(bold=True)
    sheet.merge_cells("G5:I5")
    for column in (1, 2, 3, 4, 5, 6, 10, 11, 12, 13):  # one header cell over two rows
        letter = sheet.cell(5, column).column_letter
        sheet.merge_cells(f"{letter}5:{letter}6")
    for column in range(1, 14):
        sheet.cell(5, column).alignment = Alignment(horizontal="center")
        sheet.cell(7, column, column)  # the 1-2-3 numbering row
    people = [person(rng, "63.06.05", 11 + i * 3, elderly=i % 4 == 0) for i in range(24)]
    row = 8
    for index, who in enumerate(people):
        nik: object = who["nik"]
        if index == 5:
            nik = int(who["nik"][:15] + "0")  # Excel turned it into a number: last digit lost
        if index == 9:
            nik = f"{int(who['nik']) / 1e15:.5f}E+15"  # how Excel shows a number, saved as text
        if index == 17:  # the same person typed twice (another phone number)
            who = {**people[3], "phone": people[index]["phone"]}
            nik = who["nik"]
        values = [
            index + 1, nik, who["no_kk"], who["name"], who["sex"], date_forms(who["birth"], index),
            who["street"], f"{who['rt']:03d}", str(who["rw"]),
            KANDANGAN_DESA[index % len(KANDANGAN_DESA)], "Kandangan",
            COMPONENTS[index % len(COMPONENTS)], who["phone"] if index % 3 else None,
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            if value is not None:
                cell = sheet.cell(row, column, value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD-MM-YYYY"
        row += 1
    row += 2
    sheet.cell(row, 10, "Kandangan, 12 Januari 2026")
    sheet.cell(row + 1, 10, "Kepala Dinas Sosial,")
    sheet.cell(row + 5, 10, "(nama dan NIP, fiktif)")
    path = OUT / "bnba_pkh_kandangan.xlsx"
    workbook.save(path)
    return path


# -- the BPNT list for Sungai Raya, as a Windows CSV ---------------------------------------------
SUNGAI_RAYA_DESA = ["Hamalau", "Telaga Bidadari", "Sei Raya Utara", "sungai raya selatan",
                    "Karasikan", "63.06.01.2006"]  # fmt: skip


def make_bpnt_sungai_raya(rng: random.Random) -> Path:
    path = OUT / "bnba_bpnt_sungai_raya.csv"
    rows: list[list[str]] = [
        ["DAFTAR KPM BPNT / PROGRAM SEMBAKO 2026 - KEC. SUNGAI RAYA"] + [""] * 10,
        [""] * 11,
        ["NO", "NIK", "NAMA PENERIMA", "JENIS KELAMIN", "TANGGAL LAHIR", "ALAMAT", "RT/RW",
         "DESA/KEL", "KECAMATAN", "JENIS BANTUAN", "KETERANGAN"],
    ]  # fmt: skip
    for index in range(18):
        who = person(rng, "63.06.01", 40 + index * 5, elderly=index % 5 == 0)
        nik = who["nik"]
        birth = date_forms(who["birth"], index + 1)
        if index == 4:
            nik = "6.30601E+15"  # what Excel shows and saves for a number-formatted NIK
        if index == 11:  # a birth date that disagrees with the NIK
            birth = (who["birth"] + dt.timedelta(days=400)).strftime("%d/%m/%Y")
        programme = "BPNT; BLT-DD" if index == 7 else "BPNT" if index % 4 else "BPNT, PBI-JK"
        note = "Pindahan dari Desa Hariti – cek ulang" if index == 2 else ""
        rows.append([
            str(index + 1), nik, who["name"].replace("Noor", "Noor’aini"),
            "Laki-laki" if who["sex"] == "L" else "Perempuan",
            birth if isinstance(birth, str) else birth.strftime("%d-%m-%Y"),
            who["street"], f"{who['rt']:03d}/{who['rw']:03d}",
            SUNGAI_RAYA_DESA[index % len(SUNGAI_RAYA_DESA)], "Sungai Raya", programme, note,
        ])  # fmt: skip
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    return path


# -- a clean list for the demo ---------------------------------------------------------------
def make_demo_clean(rng: random.Random) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Penerima"
    sheet.append(["NIK", "No KK", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Alamat", "RT",
                  "RW", "Desa", "Kecamatan", "Program", "No HP"])  # fmt: skip
    desa = ["Kandangan Kota", "Kandangan Utara", "Sungai Kupang", "Jambu Hilir"]
    for index in range(30):
        who = person(rng, "63.06.05", 300 + index * 2, elderly=index % 5 == 0)
        program = "PKH" if index % 3 == 0 else "BPNT" if index % 3 == 1 else "PKH, PBI-JK"
        sheet.append([who["nik"], who["no_kk"], who["name"], who["sex"], who["birth"],
                      who["street"], who["rt"], who["rw"], desa[index % len(desa)], "Kandangan",
                      program, who["phone"]])  # fmt: skip
        sheet.cell(sheet.max_row, 5).number_format = "DD-MM-YYYY"
    path = OUT / "bnba_demo_clean.xlsx"
    workbook.save(path)
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for make, seed in ((make_pkh_kandangan, 630605), (make_bpnt_sungai_raya, 630601),
                       (make_demo_clean, 6306)):  # fmt: skip
        print(make(random.Random(seed)))


if __name__ == "__main__":
    main()
