"""The guided questionnaire of `visit add` (and the programme question of `recipient add`).

Asks, in the user's language, what the options left out. Every answer may be typed as the
number shown, the code, the label in either language or a common word (`ya`, `t`, `penuh`);
a wrong answer is asked again, saying which answers are valid. Before saving, a numbered
summary: save, cancel, or type a number to answer that part again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import typer

from sampingdesa.cli.output import say, warn
from sampingdesa.errors import SampingError
from sampingdesa.i18n import N_, _
from sampingdesa.values import codes

if TYPE_CHECKING:
    import sqlite3

    from sampingdesa.visits.recording import VisitInput

Choice = tuple[str, str]  # (code, label shown)


# -- single questions -----------------------------------------------------------------------
def prompt(question: str, default: str = "") -> str:
    answer: str = typer.prompt(question, default=default, show_default=bool(default))
    return answer.strip()


def ask_yes_no(question: str, default: bool | None = None) -> bool:
    """A yes/no question: ya/y/iya, tidak/t/n (and yes/no) accepted, asked again otherwise."""
    from sampingdesa.cli.prompts import confirm

    return confirm(question, default)


def ask_choice(
    question: str,
    choices: Sequence[Choice],
    default: str | None = None,
    optional: bool = False,
    parse: Callable[[str], str] | None = None,
) -> str | None:
    """Numbered choices; the answer may be the number, the code, the label or a word that
    `parse` understands. Empty means `default`, or no answer when `optional`."""
    say(question, asked=True)
    for number, (_code, label) in enumerate(choices, start=1):
        say(f"  {number}) {label}", asked=True)
    numbers = [code for code, _label in choices]
    shown = str(numbers.index(default) + 1) if default in numbers else ""
    while True:
        answer = prompt(">", shown)
        if not answer:
            if optional:
                return None
            warn(_("An answer is needed."), asked=True)
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return numbers[int(answer) - 1]
        for code, label in choices:
            if answer.casefold() in (code.casefold(), label.casefold()):
                return code
        if parse is not None:
            try:
                code = parse(answer)
            except SampingError:
                pass
            else:
                if code in numbers:
                    return code
        valid = _("{answer!r} is not a valid answer. Valid answers: 1 to {count}, or {labels}.")
        if optional:
            valid += " " + _("Empty: skip.")
        labels = ", ".join(label for _code, label in choices)
        warn(valid.format(answer=answer, count=len(choices), labels=labels), asked=True)


def coded(code_type: type[codes.Code]) -> list[Choice]:
    return [(member.value, member.label) for member in code_type]


def parser(code_type: type[codes.Code]) -> Callable[[str], str]:
    return lambda text: code_type.parse(text, "answer").value


def ask_text(question: str, default: str | None = None, field: str = "note") -> str | None:
    """A free answer, checked as `field` (values.text: control characters, the field's
    limit) and asked again, with the reason, until it passes."""
    from sampingdesa.values.text import clean_text

    while True:
        answer = prompt(question, default or "") or None
        try:
            return clean_text(field, answer)
        except SampingError as error:
            warn(error.message, asked=True)


def ask_parsed(question: str, parse: Callable[[str], Any], default: str | None = None) -> Any:
    """A free answer read by `parse`; asked again, with the reason, until it parses."""
    while True:
        answer = prompt(question, default or "") or None
        if answer is None:
            return None
        try:
            return parse(answer)
        except SampingError as error:
            warn(error.message, asked=True)


def _date(text: str) -> dt.date:
    from sampingdesa.values.parsing import parse_date

    return parse_date(text)


# -- the parts of a visit -------------------------------------------------------------------
def _ask_date(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    data.visit_date = (
        ask_parsed(_("Date of the visit"), _date, data.visit_date.isoformat()) or data.visit_date
    )


def _ask_kind(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    default = codes.VisitKind.ESCORT.value if data.escort else codes.VisitKind.MONITORING.value
    kind = ask_choice(
        _("Kind of visit"), coded(codes.VisitKind), default, parse=parser(codes.VisitKind)
    )
    data.escort = kind == codes.VisitKind.ESCORT.value


def _ask_deliveries(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    from sampingdesa.register.programs import get_program
    from sampingdesa.register.recipients import active_programs
    from sampingdesa.visits.rules import (
        DeliverySpec,
        expected_amount,
        parse_amount,
        parse_period,
        period_of,
    )

    programs = active_programs(conn, recipient["uuid"])
    if not programs:
        say(
            _("{name} is not enrolled in any programme.").format(name=recipient["name"]), asked=True
        )
        return
    data.deliveries = []
    data.problem = None
    while True:
        code = ask_choice(
            _("Check the aid of which programme? (empty: done)"),
            [(code, code) for code in programs],
            optional=True,
            parse=str.upper,
        )
        if code is None:
            return
        program = get_program(conn, code)
        suggested = period_of(data.visit_date, program.cadence == codes.Cadence.TAHAP).label
        period = ask_parsed(_("Period (YYYY-MM or YYYY-Tn)"), parse_period, suggested)
        if period is None:
            continue
        status = codes.Delivery.of(
            str(
                ask_choice(
                    _("Was the aid received?"),
                    coded(codes.Delivery),
                    codes.Delivery.FULL.value,
                    parse=parser(codes.Delivery),
                )
            )
        )
        amount = None
        if status in (codes.Delivery.FULL.value, codes.Delivery.PARTIAL.value):
            nominal = expected_amount(program.nominal_amount, program.amount_unit, period)
            amount = ask_parsed(
                _("Amount received (Rp)"), parse_amount, str(nominal) if nominal else None
            )
            data.received_date = data.received_date or ask_parsed(
                _("Date received (empty: unknown)"), _date
            )
        if status in (codes.Delivery.PARTIAL.value, codes.Delivery.NONE.value):
            problem = ask_choice(
                _("What was the problem? (empty: none)"),
                coded(codes.Problem),
                optional=True,
                parse=parser(codes.Problem),
            )
            if problem == codes.Problem.OTHER.value:
                data.problem = (
                    codes.Problem.OTHER,
                    ask_text(_("Describe the problem"), None, "problem") or "-",
                )
            elif problem:
                data.problem = (codes.Problem.of(problem), None)
        data.deliveries = [
            d for d in data.deliveries if (d.program_code, d.period) != (program.code, period)
        ]
        data.deliveries.append(DeliverySpec(program.code, period, status, amount))


def _ask_on_target(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    data.on_target = codes.OnTarget.of(
        str(
            ask_choice(
                _("Is the family still on target?"),
                coded(codes.OnTarget),
                data.on_target or codes.OnTarget.YES.value,
                parse=parser(codes.OnTarget),
            )
        )
    )
    data.reason = None
    if data.on_target == codes.OnTarget.NO.value:
        reason = str(
            ask_choice(
                _("Why not?"), coded(codes.OffTargetReason), parse=parser(codes.OffTargetReason)
            )
        )
        note: str | None
        if reason == codes.OffTargetReason.OTHER.value:
            note = ask_text(_("Describe the reason"), None, "reason") or "-"
        else:
            note = ask_text(_("Explain (optional)"), None, "reason")
        data.reason = (codes.OffTargetReason.of(reason), note)


def _ask_outcome(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    outcome = ask_choice(
        _("Since receiving aid, is the family better off? (empty: skip)"),
        coded(codes.Change),
        data.outcome,
        optional=True,
        parse=parser(codes.Change),
    )
    data.outcome = codes.Change.of(outcome) if outcome else None
    data.aspects = {}
    if data.outcome:
        for aspect in codes.Aspect:
            question = _("What about {aspect}? (empty: skip)").format(aspect=aspect.label)
            answer = ask_choice(
                question, coded(codes.Change), optional=True, parse=parser(codes.Change)
            )
            if answer:
                data.aspects[aspect] = codes.Change.of(answer)


def _ask_graduate(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    data.ready_to_graduate = ask_yes_no(
        _("Does the family look ready to graduate?"), data.ready_to_graduate
    )


def _ask_escort(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    data.facility = ask_text(
        _("Health facility (e.g. Puskesmas Kandangan)"), data.facility, "facility"
    )
    data.purpose = ask_text(_("Purpose of the visit"), data.purpose, "purpose")
    data.transport = ask_text(_("Transport (optional)"), data.transport, "transport")
    data.result = ask_text(_("Result (optional)"), data.result, "result")


def _ask_referral(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    data.needs_referral = ask_yes_no(
        _("Does someone need a referral (service, health, social)?"), data.needs_referral
    )


def _ask_notes(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    data.notes = ask_text(_("Notes (optional)"), data.notes, "notes")


# -- what the summary shows of each part ----------------------------------------------------
def _show_deliveries(data: VisitInput) -> str:
    from sampingdesa.cli.render import delivery_text

    shown = [
        delivery_text(
            {"program_code": d.program_code, "period": d.period.label, "status": d.status,
             "amount": d.amount}
        )
        for d in data.deliveries
    ]  # fmt: skip
    if data.problem:
        shown.append(
            " ".join(filter(None, [codes.Problem.label_of(data.problem[0]), data.problem[1]]))
        )
    if data.received_date:
        shown.append(_("received on {date}").format(date=data.received_date.isoformat()))
    return "; ".join(shown) or "-"


def _show_on_target(data: VisitInput) -> str:
    text = codes.OnTarget.label_of(data.on_target) or "-"
    if data.reason:
        reason = codes.OffTargetReason.label_of(data.reason[0])
        text += f" ({', '.join(filter(None, [reason, data.reason[1]]))})"
    return text


def _show_outcome(data: VisitInput) -> str:
    text = codes.Change.label_of(data.outcome) or "-"
    if data.aspects:
        parts = [
            f"{codes.Aspect.label_of(a)}: {codes.Change.label_of(c)}"
            for a, c in data.aspects.items()
        ]
        text += f" ({', '.join(parts)})"
    return text


def _show_escort(data: VisitInput) -> str:
    return (
        "; ".join(filter(None, [data.facility, data.purpose, data.transport, data.result])) or "-"
    )


def _yes_no(value: bool) -> str:
    return codes.YesNo.YES.label if value else codes.YesNo.NO.label


Part = tuple[str, Callable[..., None], Callable[["VisitInput"], str]]


def _parts(data: VisitInput) -> list[Part]:
    """The parts of this visit, in the order asked: (heading msgid, ask, show)."""
    parts: list[Part] = [
        (N_("Date"), _ask_date, lambda d: d.visit_date.isoformat()),
        (N_("Kind"), _ask_kind, lambda d: codes.VisitKind.label_of(
            codes.VisitKind.ESCORT.value if d.escort else codes.VisitKind.MONITORING.value)),
    ]  # fmt: skip
    if data.escort:
        parts.append((N_("Escort"), _ask_escort, _show_escort))
    else:
        parts += [
            (N_("Aid"), _ask_deliveries, _show_deliveries),
            (N_("On target"), _ask_on_target, _show_on_target),
            (N_("Change"), _ask_outcome, _show_outcome),
            (N_("Ready to graduate"), _ask_graduate, lambda d: _yes_no(d.ready_to_graduate)),
        ]
    parts += [
        (N_("Needs referral"), _ask_referral, lambda d: _yes_no(d.needs_referral)),
        (N_("Notes"), _ask_notes, lambda d: d.notes or "-"),
    ]
    return parts


def summary_rows(data: VisitInput) -> list[list[str]]:
    return [
        [str(n), _(heading), show(data)] for n, (heading, _a, show) in enumerate(_parts(data), 1)
    ]


# -- the whole questionnaire ----------------------------------------------------------------
def questionnaire(
    conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput, ask_date: bool = False
) -> None:
    """Ask each part of the visit the options did not give, then confirm the summary.
    Raises `SampingError` when the user cancels (nothing is saved)."""
    from sampingdesa.register.recipients import active_programs

    say(
        _("Visit to {name}, enrolled in: {programs}.").format(
            name=recipient["name"],
            programs=", ".join(active_programs(conn, recipient["uuid"])) or "-",
        ),
        style="bold",
        asked=True,
    )
    if ask_date:
        _ask_date(conn, recipient, data)
    if not data.escort:
        _ask_kind(conn, recipient, data)
    for heading, ask, _show in _parts(data)[2:]:
        if heading == "Escort" and all([data.facility, data.purpose]):
            continue
        ask(conn, recipient, data)
    confirm(conn, recipient, data)


def confirm(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    """Show the summary until the user saves (or cancels); a number asks that part again."""
    from sampingdesa.cli.tables import key, number, print_table, text

    while True:
        parts = _parts(data)
        print_table(
            _("Summary of the visit to {name}").format(name=recipient["name"]),
            [number("#"), key(_("Field")), text(_("Answer"))],
            summary_rows(data),
        )
        answer = prompt(
            _("Save? ({yes}: save, {no}: cancel, or the number of a part to change it)").format(
                yes=codes.YesNo.YES.label, no=codes.YesNo.NO.label
            ),
            codes.YesNo.YES.label,
        )
        if answer.isdigit() and 1 <= int(answer) <= len(parts):
            kind_before = data.escort
            parts[int(answer) - 1][1](conn, recipient, data)
            if data.escort != kind_before:
                # A different kind of visit: ask its own parts.
                for heading, ask, _show in _parts(data)[2:]:
                    if heading in ("Escort", "Aid", "On target", "Change", "Ready to graduate"):
                        ask(conn, recipient, data)
            continue
        try:
            save = codes.YesNo.parse(answer, "answer") is codes.YesNo.YES
        except SampingError:
            warn(
                _("Answer {yes}, {no} or a number from 1 to {count}.").format(
                    yes=codes.YesNo.YES.label, no=codes.YesNo.NO.label, count=len(parts)
                ),
                asked=True,
            )
            continue
        if not save:
            raise SampingError(_("Cancelled: the visit was not recorded."))
        return


# -- programmes of a new recipient ----------------------------------------------------------
def ask_programs(conn: sqlite3.Connection) -> list[str]:
    """Programmes from the catalogue, several allowed (numbers or codes, comma-separated)."""
    from sampingdesa.register.programs import list_programs

    programs = list_programs(conn)
    say(_("Programmes this person receives (several allowed, e.g. 1,3; empty: none):"), asked=True)
    for number, program in enumerate(programs, start=1):
        say(f"  {number}) {program.code}: {program.name}", asked=True)
    known = {program.code.casefold(): program.code for program in programs}
    while True:
        answer = prompt(">")
        chosen: list[str] = []
        wrong: list[str] = []
        for part in answer.replace(";", ",").replace(" ", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if part.isdigit() and 1 <= int(part) <= len(programs):
                chosen.append(programs[int(part) - 1].code)
            elif part.casefold() in known:
                chosen.append(known[part.casefold()])
            else:
                wrong.append(part)
        if not wrong:
            return list(dict.fromkeys(chosen))
        warn(
            _("Not a programme: {wrong}. Type numbers from 1 to {count} or codes.").format(
                wrong=", ".join(wrong), count=len(programs)
            ),
            asked=True,
        )
