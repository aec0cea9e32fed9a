"""Transitional (issue 22): `cli/core.py` was split by concern into `cli/root.py` (the root
group and the error edge), `cli/translation.py` (the framework's words), `cli/state.py`,
`cli/output.py`, `cli/tables.py`, `cli/prompts.py` and `cli/database.py`. Nothing in this
tree imports this module; it re-exports the old names only so that branches written before
the split still import. Delete it once they are merged
(`python scripts/migrate_cli_core_imports.py` rewrites their imports)."""

from __future__ import annotations

from sampingdesa.cli.database import open_database as open_database
from sampingdesa.cli.database import warn_if_synced as warn_if_synced
from sampingdesa.cli.output import _consoles as _consoles
from sampingdesa.cli.output import console as console
from sampingdesa.cli.output import emit_csv as emit_csv
from sampingdesa.cli.output import emit_json as emit_json
from sampingdesa.cli.output import emit_json_list as emit_json_list
from sampingdesa.cli.output import err_console as err_console
from sampingdesa.cli.output import fit_streams_to_console as fit_streams_to_console
from sampingdesa.cli.output import say as say
from sampingdesa.cli.output import warn as warn
from sampingdesa.cli.prompts import ask as ask
from sampingdesa.cli.prompts import confirm as confirm
from sampingdesa.cli.prompts import interactive as interactive
from sampingdesa.cli.root import DEBUG_ENV as DEBUG_ENV
from sampingdesa.cli.root import FIELD_FLAGS as FIELD_FLAGS
from sampingdesa.cli.root import GLOBAL_FLAGS as GLOBAL_FLAGS
from sampingdesa.cli.root import GLOBAL_OPTIONS as GLOBAL_OPTIONS
from sampingdesa.cli.root import SampingGroup as SampingGroup
from sampingdesa.cli.root import command_flags as command_flags
from sampingdesa.cli.root import fail as fail
from sampingdesa.cli.root import flag_for as flag_for
from sampingdesa.cli.root import hoist_global_options as hoist_global_options
from sampingdesa.cli.state import State as State
from sampingdesa.cli.state import state as state
from sampingdesa.cli.tables import _LONG_SAMPLE as _LONG_SAMPLE
from sampingdesa.cli.tables import LONG_TABLE as LONG_TABLE
from sampingdesa.cli.tables import Column as Column
from sampingdesa.cli.tables import build_table as build_table
from sampingdesa.cli.tables import key as key
from sampingdesa.cli.tables import number as number
from sampingdesa.cli.tables import print_table as print_table
from sampingdesa.cli.tables import render_at as render_at
from sampingdesa.cli.tables import text as text
from sampingdesa.cli.translation import _CLICK_MESSAGES as _CLICK_MESSAGES
from sampingdesa.cli.translation import Command as Command
from sampingdesa.cli.translation import Context as Context
from sampingdesa.cli.translation import help_msgids as help_msgids
from sampingdesa.cli.translation import (
    install_framework_translation as install_framework_translation,
)
from sampingdesa.cli.translation import iter_commands as iter_commands
from sampingdesa.cli.translation import translate_click_message as translate_click_message
from sampingdesa.cli.translation import translate_tree as translate_tree
