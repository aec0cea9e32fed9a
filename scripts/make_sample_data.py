"""Generate the fake (never real) recipients in sample_data/ (deterministic, seeded).

NIKs and No. KK are structurally valid for HSS: a real kecamatan code, a real date (women
+40), a non-zero serial. Names are common Banjar/Indonesian names combined at random.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_data"

DESA = [
    ("63.06.05.1001", "Kandangan"),
    ("63.06.05.2009", "Kandangan"),
    ("63.06.01.2001", "Sungai Raya"),
    ("63.06.01.2002", "Sungai Raya"),
    ("63.06.07.2001", "Daha Selatan"),
    ("63.06.10.2001", "Loksado"),
]
MALE = [
    "Ahmad",
    "Muhammad",
    "Abdul",
    "Rahmat",
    "Syahrani",
    "Gusti",
    "Iberahim",
    "Jumberi",
    "Fauzi",
    "Hamdan",
    "Rusdi",
    "Sarbani",
    "Bahrani",
    "Anang",
    "Utuh",
]
FEMALE = [
    "Siti",
    "Masliana",
    "Aisyah",
    "Rahmah",
    "Norhayati",
    "Jamilah",
    "Halimah",
    "Salasiah",
    "Mariani",
    "Fatimah",
    "Nurul",
    "Hidayah",
    "Galuh",
    "Diang",
    "Mahrita",
]
FAMILY = [
    "Aini",
    "Rahman",
    "Hasan",
    "Saleh",
    "Yusuf",
    "Fitri",
    "Hidayat",
    "Khairani",
    "Mulyadi",
    "Noor",
    "Ramadhan",
    "Hayati",
    "Husin",
    "Sapiah",
    "Zainal",
]
PROGRAMS = ["PKH", "BPNT", "PBI-JK", "JADUP-LANSIA", "BLT-DD", "YAPI"]
STREETS = [
    "Jl. Jend. Sudirman",
    "Jl. Gerilya",
    "Jl. Aluh Idut",
    "Jl. Panglima Batur",
    "Jl. Singakarsa",
    "Gg. Mesjid",
]


def make_nik(kecamatan: str, birth: dt.date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return (
        f"{kecamatan.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    )


def make_kk(kecamatan: str, issued: dt.date, serial: int) -> str:
    date = f"{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}"
    return f"{kecamatan.replace('.', '')}{date}{serial:04d}"


def people(count: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    serial = 1
    for index in range(count):
        desa, _kec = DESA[index % len(DESA)]
        kecamatan = desa.rsplit(".", 1)[0]
        sex = rng.choice("LP")
        elderly = rng.random() < 0.25
        age = rng.randint(62, 88) if elderly else rng.randint(22, 58)
        birth = dt.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
        first = rng.choice(MALE if sex == "L" else FEMALE)
        name = f"{first} {rng.choice(FAMILY)}"
        programs = set(rng.sample(["PKH", "BPNT", "PBI-JK"], rng.randint(1, 2)))
        if elderly:
            programs.add("JADUP-LANSIA")
        if index % 17 == 0:
            programs = {"BLT-DD"}
        issued = dt.date(rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            {
                "nik": make_nik(kecamatan, birth, sex, serial),
                "no_kk": make_kk(kecamatan, issued, serial + 500),
                "name": name,
                "sex": sex,
                "birth_date": birth.isoformat(),
                "desa_code": desa,
                "address": f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
                "rt": f"{rng.randint(1, 12):03d}",
                "rw": f"{rng.randint(1, 5):03d}",
                "phone": f"08{rng.randint(1000000000, 9999999999)}",
                "programs": " ".join(sorted(programs)),
                "flags": "lansia" if elderly else "",
            }
        )
        serial += rng.randint(1, 7)
    return rows


def main() -> None:
    rng = random.Random(6306)
    OUT.mkdir(exist_ok=True)
    rows = people(72, rng)
    with (OUT / "penerima_demo.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} recipients -> {OUT / 'penerima_demo.csv'}")
    write_demo_lists(rows)


# The demo's two assistants each import the BNBA list of their kecamatan (issue 26).
DESA_NAMES = {
    "63.06.05.1001": "Kandangan Kota", "63.06.05.2009": "Sungai Kupang",
    "63.06.01.2001": "Hamalau", "63.06.01.2002": "Telaga Bidadari",
    "63.06.07.2001": "Muning Baru", "63.06.10.2001": "Halunuk",
}  # fmt: skip
DEMO_LISTS = {
    "bnba_demo_kandangan_loksado.csv": (
        ("Kandangan", "Loksado"), "KEC. KANDANGAN DAN LOKSADO"),
    "bnba_demo_sungai_raya_daha.csv": (
        ("Sungai Raya", "Daha Selatan"), "KEC. SUNGAI RAYA DAN DAHA SELATAN"),
}  # fmt: skip


def write_demo_lists(rows: list[dict[str, str]]) -> None:
    kecamatan = dict(DESA)
    header = ["NO", "NIK", "NO KK", "NAMA PENERIMA", "JENIS KELAMIN", "TANGGAL LAHIR", "ALAMAT",
              "RT", "RW", "DESA/KEL", "KECAMATAN", "JENIS BANTUAN", "NO HP"]  # fmt: skip
    for name, (areas, title) in DEMO_LISTS.items():
        with (OUT / name).open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle, delimiter=";")
            out.writerow([f"DAFTAR PENERIMA BANSOS (DATA DEMO) - {title}"] + [""] * 12)
            out.writerow([""] * 13)
            out.writerow(header)
            number = 0
            for row in rows:
                kec = kecamatan[row["desa_code"]]
                if kec not in areas:
                    continue
                number += 1
                year, month, day = row["birth_date"].split("-")
                out.writerow([number, row["nik"], row["no_kk"], row["name"], row["sex"],
                              f"{day}-{month}-{year}", row["address"], row["rt"], row["rw"],
                              DESA_NAMES[row["desa_code"]], kec, ", ".join(row["programs"].split()),
                              row["phone"]])  # fmt: skip
        print(f"{number} recipients -> {OUT / name}")


if __name__ == "__main__":
    main()
