"""The project's exceptions, caught at the CLI edge.

The library names *fields* (`reason`, `desa`, `month`), never command-line flags or
spreadsheet columns: only the CLI knows flag names (it adds them through `field`), and only
the form importer knows column headings (it adds the row and column). Catch the specific
class you can handle (`NotFound`, `InvalidValue`, `Conflict`), not `SampingError`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sampingdesa.i18n import N_


class SampingError(Exception):
    """A problem the user can act on; its message is a translated sentence."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class UsageProblem(SampingError):
    """Bad usage of a command (exit code 2, like the CLI framework's own usage errors)."""

    exit_code = 2


class NotFound(SampingError):
    """Something named by the user does not exist (a recipient, a programme, a desa...)."""


class Conflict(SampingError):
    """The request contradicts what is stored (a duplicate, an ambiguous name, a state)."""


class Fork(SampingError):
    """A laptop's change log that forks: two different entries under one laptop's origin
    and number, two writers of one identity (a copied database file, or a bundle re-signed
    by someone else)."""

    def __init__(
        self,
        message: str,
        *,
        origin: str = "",
        number: int = 0,
        database_id: str = "",
        held_actor: str | None = None,
        other_actor: str | None = None,
        other_database: str = "",
    ) -> None:
        super().__init__(message)
        self.origin = origin
        self.number = number
        self.database_id = database_id
        self.held_actor = held_actor
        self.other_actor = other_actor
        self.other_database = other_database


class InvalidValue(SampingError):
    """A value a user gave for `field` cannot be used.

    `field` is the library's name of the input (e.g. `reason`); `value` what was given;
    `choices` the labels of the accepted values for a closed set. Without `message` the
    sentence is built from the field's label and the choices."""

    def __init__(
        self,
        field: str,
        value: object,
        message: str | None = None,
        *,
        choices: Sequence[str] = (),
        details: list[str] | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.choices = list(choices)
        super().__init__(message or _invalid_sentence(field, value, self.choices), details=details)


class RevealRequired(SampingError):
    """Full NIKs were asked for without a `Reveal` (a reason, logged before anything is
    written): nothing was written."""

    exit_code = 2


class ReadOnlyDatabase(SampingError):
    """The database file is read-only (by its owner's choice); nothing was written."""


class DamagedDatabase(SampingError):
    """The database file is damaged or not a database of this tool."""


class NewerSchema(SampingError):
    """A database (or backup) made by a newer sampingdesa: upgrade before using it."""


class DamagedBundle(SampingError):
    """A sync bundle that cannot be read: not a bundle, truncated, altered, too big, or with
    content the command line would not have stored. Nothing from it was merged."""


class UntrustedKey(SampingError):
    """A bundle signed by a laptop whose key is not pinned here, or by a key other than the
    one pinned for it."""


class HistoryGap(SampingError):
    """A bundle whose change log does not continue what this database has from its origin
    (entries missing in between)."""


# Labels of the fields a user gives values for, as English msgids (translated on use).
FIELD_LABELS: dict[str, str] = {
    "kind": N_("visit kind"),
    "status": N_("delivery status"),
    "delivery": N_("delivery check"),
    "on_target": N_("on-target answer"),
    "reason": N_("reason"),
    "problem": N_("problem"),
    "change": N_("change"),
    "aspect": N_("aspect"),
    "escort": N_("escort answer"),
    "leave_reason": N_("reason for leaving"),
    "finding_kind": N_("finding kind"),
    "finding_status": N_("finding status"),
    "enrollment_state": N_("enrolment state"),
    "sex": N_("sex"),
    "profile": N_("privacy profile"),
    "month": N_("month"),
    "date": N_("date"),
    "period": N_("period"),
    "amount": N_("amount"),
    "gps": N_("GPS position"),
    "nik": N_("NIK"),
    "no_kk": N_("No. KK"),
    "desa": N_("desa"),
    "program": N_("programme"),
    "keep": N_("side to keep"),
    # pendataan and usulan (issue 15)
    "desil": N_("desil"),
    "desil_date": N_("desil date"),
    "category": N_("PPKS category"),
    "subject": N_("person or household"),
    "description": N_("description"),
    "name": N_("name"),
    "address": N_("address"),
    "note": N_("note"),
    "proposal_kind": N_("kind of proposal"),
    "proposal_status": N_("proposal status"),
    "removal_reason": N_("removal reason"),
    "from_finding": N_("finding"),
    "answer": N_("answer"),
    "photo": N_("photo"),
    "facility": N_("health facility"),
    "purpose": N_("purpose"),
    "received": N_("date received"),
    "flag": N_("vulnerability flag"),
    "phone": N_("phone number"),
    "assistant": N_("assistant"),
    "funding_level": N_("funding level"),
    "cadence": N_("cadence"),
    "amount_unit": N_("amount unit"),
    "nominal_amount": N_("amount"),
    "channel": N_("distribution channel"),
    "form": N_("form of aid"),
    "notes": N_("notes"),
    "code": N_("programme code"),
    "excludes": N_("excluded programmes"),
    "id": N_("id"),
    "rt": N_("RT"),
    "rw": N_("RW"),
}


def field_label(field: str) -> str:
    from sampingdesa.i18n import _

    return _(FIELD_LABELS.get(field, field))


def _invalid_sentence(field: str, value: object, choices: Sequence[str]) -> str:
    from sampingdesa.i18n import _

    if choices:
        return _("{value!r} is not a valid {what}; choose one of: {choices}.").format(
            value=value, what=field_label(field), choices=", ".join(choices)
        )
    return _("{value!r} is not a valid {what}.").format(value=value, what=field_label(field))
