"""Option declarations shared by the command modules: one flag, one help text everywhere.

Use them as parameter types: `json_output: JsonOption = False`. Help texts are English
msgids (translated with the rest of the command tree).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# -- output -----------------------------------------------------------------------------------
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
SepOption = Annotated[
    str,
    typer.Option("--sep", help="CSV separator: , or ; (Excel with Indonesian settings) or tab."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Write over an existing file.")]
OutputOption = Annotated[
    Path, typer.Option("--output", "-o", help="The .xlsx file to write.", dir_okay=False)
]

# -- asking -----------------------------------------------------------------------------------
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

# -- places and time --------------------------------------------------------------------------
DesaOption = Annotated[str | None, typer.Option(help="Desa: code or name.")]
# A person's details (recipients, register entries).
SexOption = Annotated[str | None, typer.Option(help="L or P.")]
RtOption = Annotated[str | None, typer.Option(help="RT number.")]
RwOption = Annotated[str | None, typer.Option(help="RW number.")]
KecamatanOption = Annotated[str | None, typer.Option(help="Kecamatan: code or name.")]
MonthOption = Annotated[str, typer.Option(help="Month, YYYY-MM.")]
ThisMonthOption = Annotated[str | None, typer.Option(help="Month, YYYY-MM (default: this month).")]

# -- privacy ----------------------------------------------------------------------------------
ShowNikOption = Annotated[
    bool, typer.Option("--show-nik", help="Show full NIKs (logged, with --reason).")
]
ReasonForNikOption = Annotated[
    str | None, typer.Option("--reason", help="Why full NIKs are needed (goes to the change log).")
]

# -- free text --------------------------------------------------------------------------------
NotesOption = Annotated[str | None, typer.Option(help="Free notes.")]
AgainOption = Annotated[
    bool,
    typer.Option(
        "--again",
        help="Record a programme and period already checked for the recipient that day.",
    ),
]

# -- whole numbers ----------------------------------------------------------------------------
# Every integer option and argument has a range (tests/test_issue23_fuzz.py checks the tree):
# SQLite and the date arithmetic end at 2**63, and a number past that would be a traceback.
MAX_DAYS = 36_500  # a hundred years
MAX_COUNT = 1_000_000_000  # rows, days of backups, ids, seeds
MAX_AMOUNT = 10**12  # Rupiah
MAX_YEAR = 9_999
