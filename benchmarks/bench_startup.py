"""Start-up cost: `sampingdesa --version` and `recipient show NIK` against `import typer`.

Goal (issue 2): --version within 1.5x and `recipient show` within 2.5x of the baseline,
measured side by side in the same run. Prints medians of N runs each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--smoke", action="store_true", help="3 runs only (CI)")
    args = parser.parse_args(argv)
    runs = 3 if args.smoke else args.runs
    # pip compiles bytecode at install; an editable checkout (or PYTHONDONTWRITEBYTECODE)
    # would otherwise recompile our modules on every run, unlike typer's.
    import compileall

    import sampingdesa

    compileall.compile_dir(Path(sampingdesa.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        cli = [sys.executable, "-m", "sampingdesa", "--db", str(db)]
        subprocess.run(
            [*cli, "init", "--assistant", "Bench", "--desa", "Hamalau"],
            check=True,
            capture_output=True,
        )
        nik = "6306054507890001"
        subprocess.run(
            [*cli, "recipient", "add", "--nik", nik, "--name", "Siti Aisyah", "--desa", "Hamalau",
             "--program", "PKH"],
            check=True, capture_output=True,
        )  # fmt: skip
        baseline = median_seconds([sys.executable, "-c", "import typer"], runs)
        version = median_seconds([sys.executable, "-m", "sampingdesa", "--version"], runs)
        show = median_seconds([*cli, "recipient", "show", nik], runs)
    figures = {
        "baseline_import_typer_s": baseline,
        "version_s": version,
        "recipient_show_s": show,
        "version_ratio": version / baseline,
        "recipient_show_ratio": show / baseline,
    }
    print(f"import typer (baseline)     {baseline * 1000:7.1f} ms")
    for label, seconds, goal in (
        ("sampingdesa --version     ", version, 1.5),
        ("sampingdesa recipient show", show, 2.5),
    ):
        ratio = seconds / baseline
        print(f"{label}  {seconds * 1000:7.1f} ms  {ratio:5.2f}x  (goal {goal}x)")
    return figures


if __name__ == "__main__":
    main()
