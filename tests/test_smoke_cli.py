from __future__ import annotations

from pathlib import Path

from tests.conftest import NIK_WOMAN, snapshot


def test_recipient_list_masks_nik(cli, registered: Path) -> None:
    result = cli("recipient", "list", "--json")
    assert result.exit_code == 0
    assert NIK_WOMAN not in result.stdout
    assert "630605********0001" in result.stdout


def test_bad_nik_changes_nothing(cli, initialised: Path) -> None:
    before = snapshot(initialised)
    result = cli("recipient", "add", "--nik", "6.306054507890001E+15", "--name", "X", "--desa", "Kandangan Kota")
    assert result.exit_code == 1
    assert "rusak" in result.stderr.lower() or "damaged" in result.stderr.lower()
    assert snapshot(initialised) == before
