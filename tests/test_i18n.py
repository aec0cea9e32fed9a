"""The gettext catalogue: every msgid in the code translated, no unused or duplicate entry,
plurals right in both languages, and the language switch (Typer's own words too)."""

from __future__ import annotations

import collections
import string
from pathlib import Path

import pytest
import typer

from sampingdesa import i18n
from sampingdesa.cli import build_app
from sampingdesa.cli.translation import help_msgids
from sampingdesa.locale.catalog import Entry, compile_mo, parse_po
from sampingdesa.locale.extract import extract_source, is_used, msgids_in

SRC = Path(__file__).resolve().parents[1] / "src" / "sampingdesa"
PO = SRC / "locale" / "id" / "LC_MESSAGES" / "sampingdesa.po"


def po_entries():
    return [e for e in parse_po(PO.read_text(encoding="utf-8")) if e.msgid]


def msgids_of(path: Path) -> list[str]:
    """The msgids of one module (both forms of a plural)."""
    found: list[str] = []
    for _line, _function, message in extract_source(path.read_text(encoding="utf-8")):
        found.extend(message if isinstance(message, tuple) else [message])
    return found


def all_help_msgids() -> set[str]:
    command = typer.main.get_command(build_app())
    return set(help_msgids(command))


def test_every_msgid_in_the_code_has_a_translation() -> None:
    singular, plural = msgids_in(SRC)
    entries = {e.msgid: e for e in po_entries()}
    missing = sorted(m for m in singular if m not in entries or not entries[m].msgstr)
    assert missing == []
    missing_plurals = sorted(
        pair
        for pair in plural
        if pair[0] not in entries
        or entries[pair[0]].msgid_plural != pair[1]
        or not all(entries[pair[0]].plural_msgstrs)
    )
    assert missing_plurals == []


def test_no_unused_entry() -> None:
    singular, plural = msgids_in(SRC)
    unused = [e.msgid for e in po_entries() if not is_used(e, singular, plural)]
    assert unused == []


def test_no_duplicate_entry() -> None:
    counts = collections.Counter(e.msgid for e in po_entries())
    assert [m for m, n in counts.items() if n > 1] == []


def test_help_texts_are_extracted_like_the_rest() -> None:
    """The extractor (what pybabel runs) finds every help text the command tree shows."""
    singular, _plural = msgids_in(SRC)
    assert sorted(all_help_msgids() - singular) == []


def test_babel_extracts_the_same_msgids() -> None:
    babel_extract = pytest.importorskip("babel.messages.extract")
    from babel.messages.frontend import parse_mapping_cfg

    with (SRC.parents[1] / "babel.cfg").open(encoding="utf-8") as config:
        method_map, _options = parse_mapping_cfg(config)
    found = {
        message
        for _file, _line, message, _comments, _context in babel_extract.extract_from_dir(
            SRC.parents[1], method_map=method_map
        )
    }
    singular, plural = msgids_in(SRC)
    assert found == singular | plural


def test_a_run_time_msgid_counts_only_when_marked() -> None:
    """A msgid translated through a variable (`_(LABELS[key])`) is used only when marked
    `N_()` where it is defined: a bare string elsewhere in the code does not count."""
    source = """
LABELS = {"a": N_("marked label"), "b": "bare label"}
x = _(LABELS[key])
"""
    found = {message for _line, _function, message in extract_source(source)}
    singular = {m for m in found if isinstance(m, str)}
    assert is_used(Entry("marked label", "label bertanda"), singular, set())
    assert not is_used(Entry("bare label", "label polos"), singular, set())


def test_extraction_finds_every_kind_of_msgid() -> None:
    source = """
from sampingdesa.i18n import N_, _, ngettext
WORDS = [N_("marked")]
x = _("called")
y = ngettext("{count} cat", "{count} cats", 2)
opt = typer.Option(help="an option")

@app.command("go")
def go():
    \"\"\"A command.\"\"\"

class Colour(Code):
    RED = "red", "red colour", ("merah",)

def attached_elsewhere(path: Annotated[Path, typer.Argument(help="A file.")]):
    \"\"\"Attached to its group by the root.\"\"\"

def helper(rows: list[str]):
    \"\"\"Not a command.\"\"\"
"""
    found = {message for _line, _function, message in extract_source(source)}
    assert found == {
        "marked",
        "called",
        ("{count} cat", "{count} cats"),
        "an option",
        "A command.",
        "red colour",
        "A file.",
        "Attached to its group by the root.",
    }


def test_mo_round_trip_and_plural_forms() -> None:
    entries = parse_po(PO.read_text(encoding="utf-8"))
    loaded = i18n.read_mo(compile_mo(entries, "digest"))
    assert loaded["Options"] == "Opsi"
    assert "X-Source-Digest: digest" in loaded[""]
    assert "Plural-Forms: nplurals=1; plural=0;" in loaded[""]


def test_english_plurals() -> None:
    assert i18n.plural_translate_to("en", "{count} recipient", "{count} recipients", 1) == (
        "{count} recipient"
    )
    assert i18n.plural_translate_to("en", "{count} recipient", "{count} recipients", 2) == (
        "{count} recipients"
    )
    assert i18n.plural_translate_to("en", "{count} recipient", "{count} recipients", 0) == (
        "{count} recipients"
    )


def test_indonesian_has_one_form() -> None:
    for count in (1, 2, 5):
        text = i18n.plural_translate_to("id", "{count} recipient", "{count} recipients", count)
        assert text.format(count=count) == f"{count} penerima"


def test_the_code_uses_ngettext_for_counted_nouns() -> None:
    """'1 recipients' cannot come back: a count before an English plural goes through ngettext."""
    singular, _plural = msgids_in(SRC)
    counted = sorted(m for m in singular if m.startswith("{count} ") and m.split()[1].endswith("s"))
    assert counted == []


def test_a_stale_mo_is_rebuilt_from_the_po(tmp_path: Path) -> None:
    po = tmp_path / "sampingdesa.po"
    mo = tmp_path / "sampingdesa.mo"
    po.write_text('msgid ""\nmsgstr "Language: id\\n"\n\nmsgid "Yes"\nmsgstr "Ya"\n')
    assert i18n._load(po, mo)["Yes"] == "Ya"
    assert mo.exists()
    po.write_text('msgid ""\nmsgstr "Language: id\\n"\n\nmsgid "Yes"\nmsgstr "Iya"\n')
    assert i18n._load(po, mo)["Yes"] == "Iya"
    assert i18n.read_mo(mo.read_bytes())["Yes"] == "Iya"


def test_translations_keep_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}

    bad = [k for k, v in i18n.catalogue().items() if fields(k) != fields(v)]
    bad += [
        e.msgid
        for e in po_entries()
        if e.msgid_plural is not None
        and any(fields(e.msgid_plural) != fields(form) for form in e.plural_msgstrs)
    ]
    assert bad == []


def test_detect_language_from_argv_and_environment() -> None:
    assert i18n.detect_language(["recipient", "list", "--lang", "en"], {}) == "en"
    assert i18n.detect_language(["--lang=en"], {}) == "en"
    assert i18n.detect_language([], {"SAMPINGDESA_LANG": "en_US"}) == "en"
    assert i18n.detect_language([], {}) == "id"
    assert i18n.detect_language(["--", "--lang", "en"], {}) == "id"


def test_help_is_indonesian_by_default_and_english_on_request(cli) -> None:
    indonesian = cli("--help")
    assert "Perintah" in indonesian.stdout
    english = cli("--lang", "en", "--help")
    assert "Commands" in english.stdout
    assert "Perintah" not in english.stdout


def test_usage_error_is_translated(cli) -> None:
    result = cli("recipient", "show")
    assert result.exit_code == 2
    assert "Argumen" in result.stderr or "argumen" in result.stderr


def test_typer_words_come_from_the_bound_domain(cli) -> None:
    """Typer's gettext calls (typer.core: 'required', 'default: ...') read our catalogue."""
    indonesian = cli("recipient", "add", "--help")
    assert "Opsi" in indonesian.stdout
    english = cli("--lang", "en", "recipient", "add", "--help")
    assert "Options" in english.stdout
    assert "Opsi" not in english.stdout


def test_list_captions_count_in_both_languages(cli, registered) -> None:
    """'1 recipient' and '3 recipients' in English; 'penerima' for both in Indonesian."""
    everyone = cli("--lang", "en", "recipient", "list")
    assert "3 recipients" in everyone.stdout
    one = cli("--lang", "en", "recipient", "list", "--search", "siti")
    assert "1 recipient" in one.stdout
    assert "1 recipients" not in one.stdout
    indonesian = cli("recipient", "list", "--search", "siti")
    assert "1 penerima" in indonesian.stdout


def test_old_style_modules_merge_into_the_po(tmp_path: Path, capsys) -> None:
    """scripts/locale_to_po.py: new entries added, exact duplicates skipped, conflicts
    reported (the .po keeps its text), a counted message becomes a plural entry; re-runnable."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "locale_to_po", SRC.parents[1] / "scripts" / "locale_to_po.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    po = tmp_path / "sampingdesa.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: id\\n"\n\nmsgid "Options"\nmsgstr "Opsi"\n', encoding="utf-8"
    )
    (tmp_path / "id_issue99.py").write_text(
        "MESSAGES: dict[str, str] = {\n"
        '    "A brand new sentence.": "Kalimat yang benar-benar baru.",\n'
        '    "Options": "Opsi",\n'
        '    "{count} visits": "{count} kunjungan",\n'
        "}\n"
        'MESSAGES.update({"Commands": "Perintah"})\n'
        'MESSAGES.update({"Options": "Pilihan"})\n',
        encoding="utf-8",
    )
    args = ["--po", str(po), "--modules", str(tmp_path)]
    assert script.main(args) == 1  # the conflict
    output = capsys.readouterr().out
    assert "conflict: id_issue99.py:7: 'Options'" in output
    entries = {e.msgid: e for e in parse_po(po.read_text(encoding="utf-8"))}
    assert entries["Options"].msgstr == "Opsi"
    assert entries["A brand new sentence."].msgstr == "Kalimat yang benar-benar baru."
    assert entries["Commands"].msgstr == "Perintah"
    assert entries["{count} visit"].msgid_plural == "{count} visits"
    assert entries["{count} visit"].plural_msgstrs == ["{count} kunjungan"]
    assert "{count} visits" not in entries
    before = po.read_text(encoding="utf-8")
    script.main(args)
    assert po.read_text(encoding="utf-8") == before  # re-runnable
    # A branch that changed a translation in an old module: its text wins when asked.
    assert script.main([*args, "--prefer-modules", "--delete"]) == 0
    entries = {e.msgid: e for e in parse_po(po.read_text(encoding="utf-8"))}
    assert entries["Options"].msgstr == "Pilihan"
    assert not (tmp_path / "id_issue99.py").exists()


def test_a_damaged_mo_is_rebuilt(tmp_path: Path) -> None:
    po = tmp_path / "sampingdesa.po"
    mo = tmp_path / "sampingdesa.mo"
    po.write_text('msgid ""\nmsgstr "Language: id\\n"\n\nmsgid "Yes"\nmsgstr "Ya"\n')
    mo.write_bytes(b"\x00" * 10)
    assert i18n._load(po, mo)["Yes"] == "Ya"
    assert i18n.read_mo(mo.read_bytes())["Yes"] == "Ya"


def test_every_word_typer_marks_for_gettext_is_translated() -> None:
    """Typer's own gettext calls read our domain: each msgid they use has an entry (a newer
    Typer with new words fails here)."""
    import typer.core
    import typer.rich_utils

    entries = {e.msgid for e in po_entries()}
    used = {
        message
        for module in (typer.core, typer.rich_utils)
        for _line, function, message in extract_source(Path(module.__file__).read_text("utf-8"))
        if function == "_"
    }
    assert used
    assert sorted(m for m in used if m not in entries) == []
