"""Reading spreadsheets and CSV files as rows numbered as the spreadsheet shows them.

Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) go through python-calamine (fast, reads the
old .xls); CSV files are decoded as UTF-8 (with or without BOM) when the whole file is UTF-8,
as Windows-1252 (else Latin-1) when nothing in it is UTF-8, and refused, naming the line, when
a mostly-UTF-8 file holds bytes that are not (unless the encoding is given); they are split on
',' or ';', whichever fits the file. Rows are streamed, never copied.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import _

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
_SNIFF_LINES = 50
_CHUNK = 1 << 20
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: old .xls, or any encrypted workbook
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
MAX_CELLS = 5_000_000  # a sheet's used range beyond this is stray cells, not a list


def normalise_header(text: Any) -> str:
    """`Tgl. Lahir` -> `tgl lahir`; `Desa / Kel.` -> `desa/kel`; line breaks become spaces."""
    words = re.sub(r"[.:_\-\n\r\t()]+", " ", str(text).lower())
    words = re.sub(r"\s*/\s*", "/", words)
    return " ".join(words.split())


@dataclass
class RowStream:
    """One sheet's rows: `(row_number, cells)`, row numbers as the spreadsheet shows them."""

    sheet: str | None
    first_column: int  # 0-based index of the column the cells start at (A = 0)
    total: int | None  # rows to expect, for a progress bar (None: unknown)
    rows: Iterator[tuple[int, list[Any]]]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class Table:
    """A file of rows: the sheets of a workbook, or one CSV."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = Path(path)
        self.encoding = encoding
        if not self.path.is_file():
            raise SampingError(_("File not found: {path}").format(path=self.path))
        suffix = self.path.suffix.lower()
        if suffix in SPREADSHEET_SUFFIXES:
            self._workbook = _open_workbook(self.path)
            self.sheets: list[str] = list(self._workbook.sheet_names)
        elif suffix in CSV_SUFFIXES:
            self._workbook = None
            self.sheets = []
        else:
            raise SampingError(
                _("Cannot read {name}: use an .xlsx, .xls, .ods or .csv file.").format(
                    name=self.path.name
                )
            )

    @property
    def is_csv(self) -> bool:
        return self._workbook is None

    def rows(self, sheet: str | None = None) -> RowStream:
        if self._workbook is None:
            return _csv_rows(self.path, self.encoding)
        name = sheet if sheet is not None else self.sheets[0]
        if name not in self.sheets:
            raise SampingError(
                _("{name} has no sheet {sheet!r}. Its sheets: {sheets}.").format(
                    name=self.path.name, sheet=sheet, sheets=", ".join(self.sheets)
                )
            )
        try:
            data = self._workbook.get_sheet_by_name(name)
        except Exception as error:  # calamine raises its own types for broken sheets
            raise _unreadable(self.path, error) from None
        start = data.start
        first_column = start[1] if start else 0
        # calamine yields rows from row 1 (leading empty rows included), columns from `start`.
        numbered = ((number, cells) for number, cells in enumerate(data.iter_rows(), start=1))
        total = (data.end[0] + 1) if data.end else 0
        return RowStream(name, first_column, total, numbered)


def check_workbook_file(path: Path) -> None:
    """Refuse, before a reader loads it, an empty file, an encrypted workbook, or a sheet whose
    used range (stray cells down to row 1,048,576) would be copied into memory whole."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise SampingError(_("{name} is empty.").format(name=path.name))
    if head == _OLE2 and path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb"):
        raise SampingError(
            _(
                "{name} is protected with a password (or is an old .xls file renamed). Open it "
                "in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password, clear it) and save it as .xlsx."
            ).format(name=path.name)
        )
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                    continue
                with archive.open(member) as sheet:
                    match = _DIMENSION.search(sheet.read(4096))
                if match is None:
                    continue
                columns = _column_number(match.group(1).decode())
                rows = int(match.group(2))
                if rows * columns > MAX_CELLS:
                    raise SampingError(
                        _(
                            "{name}: a sheet uses {columns} columns down to row {rows}, far "
                            "more than a list needs; something was typed far below or right of "
                            "the data. Delete those rows and columns, save, and try again."
                        ).format(
                            name=path.name, columns=columns, rows=f"{rows:,}".replace(",", ".")
                        )
                    )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # the reader says what is wrong with it


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    check_workbook_file(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # password-protected, not a workbook, truncated ...
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: Exception) -> SampingError:
    return SampingError(
        _(
            "Cannot read {name} as a spreadsheet ({error}). Open it in Excel and save it again."
        ).format(name=path.name, error=error)
    )


# -- CSV --------------------------------------------------------------------------------------
CSV_FIELD_LIMIT = 131_072  # Python's csv module refuses longer cells


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding of the whole file, decided line by line over all of it.

    All UTF-8 (or ASCII): utf-8-sig. No UTF-8 beyond ASCII at all: cp1252 (latin-1 when
    even that fails). UTF-8 text with some bytes that are not: refused, naming the first such
    line, since either reading would silently change names. `encoding` overrides the guess."""
    if encoding:
        try:
            return codecs.lookup(encoding).name
        except LookupError:
            raise SampingError(
                _("Unknown encoding {encoding!r}; use e.g. utf-8, cp1252 or latin-1.").format(
                    encoding=encoding
                )
            ) from None
    utf8_lines = 0
    first_bad: tuple[int, bytes] | None = None
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as error:
                if first_bad is None:
                    first_bad = (number, line[error.start : error.start + 4])
                continue
            utf8_lines += 1
    if first_bad is None:
        return "utf-8-sig"
    if utf8_lines:
        line_number, sample = first_bad
        raise InvalidValue(
            "encoding",
            None,
            _(
                "{name} is written in UTF-8, but line {line} holds bytes that are not UTF-8 "
                "({sample}); reading it either way would change letters in names. Save the "
                'file again as "CSV UTF-8" after checking that line, or give its encoding '
                "(for example cp1252)."
            ).format(name=path.name, line=line_number, sample=sample.hex(" ")),
        )
    decoder = codecs.getincrementaldecoder("cp1252")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def detect_delimiter(sample_lines: list[str]) -> str:
    """',' or ';': the one that splits most lines into the same number of fields."""
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";"):
        widths: Counter[int] = Counter()
        try:
            for fields in csv.reader(sample_lines, delimiter=delimiter):
                if len(fields) > 1:
                    widths[len(fields)] += 1
        except csv.Error:
            pass  # an over-long cell: the reader says which row
        if not widths:
            continue
        width, lines = widths.most_common(1)[0]
        score = (lines, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_bad_line(path: Path, encoding: str) -> int | None:
    """The first line `encoding` cannot decode (the text reader decodes ahead of the rows)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
    return None


def _csv_rows(path: Path, encoding: str | None = None) -> RowStream:
    encoding = detect_encoding(path, encoding)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        sample = list(islice(handle, _SNIFF_LINES))
    delimiter = detect_delimiter(sample)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with path.open(encoding=encoding, newline="") as handle:
            # A row as Excel numbers it: one per record (quoted line breaks stay in a cell).
            reader = csv.reader(handle, delimiter=delimiter)
            number = 0
            try:
                for number, cells in enumerate(reader, start=1):
                    yield number, cells
            except csv.Error:
                raise SampingError(
                    _(
                        "{name}, row {row}: a cell is longer than {limit} characters, or a "
                        'quote (") is opened and never closed. Check that row in a text '
                        "editor."
                    ).format(name=path.name, row=number + 1, limit=f"{CSV_FIELD_LIMIT:,}")
                ) from None
            except UnicodeDecodeError as error:
                raise InvalidValue(
                    "encoding",
                    encoding,
                    _(
                        "{name}, row {row}: bytes that are not {encoding} ({error}). Choose "
                        "another encoding."
                    ).format(
                        name=path.name,
                        row=_first_bad_line(path, encoding) or number + 1,
                        encoding=encoding,
                        error=error.reason,
                    ),
                ) from None

    return RowStream(None, 0, None, rows())
