"""The Python API: `import sampingdesa` exports the entry points lazily, and every example in
docs/python-api.md runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import sampingdesa

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "python-api.md"


def test_every_export_resolves_and_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in sampingdesa.__all__:
        value = getattr(sampingdesa, name)
        assert value is not None
        if name != "__version__":
            assert f"`{name}" in text, f"{name} is not in docs/python-api.md"
            assert getattr(value, "__doc__", None), f"{name} has no docstring"


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert set(sampingdesa.__all__) == {"__version__", *sampingdesa._EXPORTS}


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        sampingdesa.no_such_thing  # noqa: B018


def test_importing_the_package_imports_no_library_module() -> None:
    code = (
        "import sys, sampingdesa; "
        "print(sorted(m for m in sys.modules if m.startswith('sampingdesa.')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"


def test_the_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert (tmp_path / "laporan.xlsx").is_file()
