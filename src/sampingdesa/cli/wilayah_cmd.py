from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import CsvOption, JsonOption, SepOption
from sampingdesa.cli.output import emit_csv, emit_json
from sampingdesa.cli.tables import print_table
from sampingdesa.i18n import _

app = typer.Typer(
    help="Kecamatan and desa of the regency, by code or forgiving name.", no_args_is_help=True
)

KabupatenOption = Annotated[
    str | None,
    typer.Option(help="Another regency's code (default: the one this database is set up for)."),
]


def _headers() -> list[str]:
    return [_("Code"), _("Name"), _("Level"), _("Kecamatan")]


@app.command("list")
def list_regions(
    kecamatan: Annotated[
        str | None, typer.Option(help="Only this kecamatan (code or name).")
    ] = None,
    kabupaten: KabupatenOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """List the kecamatan and desa of the regency."""
    from sampingdesa.places.areas import area_listing

    listing = area_listing(open_database(), kabupaten=kabupaten, kecamatan=kecamatan)
    rows = [
        [r["code"], r["name"], r["level"], r["kecamatan_name"], r.get("idm_status") or ""]
        for r in listing.rows
    ]
    headers = [*_headers(), _("IDM status")]
    if json_output:
        emit_json(listing.rows)
    elif csv_output:
        emit_csv(headers, rows, sep=sep)
    else:
        from sampingdesa.cli.tables import key, text

        print_table(
            f"{listing.kabupaten.name} ({listing.kabupaten.code})",
            [
                key(headers[0]),
                text(headers[1]),
                text(headers[2]),
                text(headers[3]),
                text(headers[4]),
            ],
            rows,
        )


@app.command("find")
def find(
    text: Annotated[str, typer.Argument(help="Name or code to look for; spelling may be loose.")],
    kabupaten: KabupatenOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Find a kecamatan or desa by name (forgiving case, spacing, abbreviations, small typos)."""
    from sampingdesa.places.areas import find_regions

    found = find_regions(open_database(), text, kabupaten=kabupaten)
    if json_output:
        emit_json(found)
        return
    if csv_output:
        emit_csv(
            _headers(),
            [[r["code"], r["name"], r["level"], r["kecamatan_name"]] for r in found],
            sep=sep,
        )
        return
    from sampingdesa.cli.tables import key
    from sampingdesa.cli.tables import text as text_column

    print_table(
        None,
        [
            key(_("Code")),
            text_column(_("Name")),
            text_column(_("Level")),
            text_column(_("Kecamatan")),
        ],
        [[r["code"], r["name"], r["level"], r["kecamatan_name"]] for r in found],
        caption=_("Several match: use the code.") if len(found) > 1 else None,
    )
