"""Run every benchmark: `python benchmarks/run_all.py` (full size) or `--smoke` (tiny, CI).

Each benchmark prints its figures as ratios against a raw baseline measured in the same run.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = ["bench_startup", "bench_import", "bench_report", "bench_sync", "bench_province"]


def main(argv: list[str]) -> int:
    smoke = "--smoke" in argv
    for name in BENCHMARKS:
        if not (Path(__file__).resolve().parent / f"{name}.py").exists():
            continue
        print(f"== {name}{' (smoke)' if smoke else ''}", flush=True)
        module = importlib.import_module(name)
        module.main(["--smoke"] if smoke else [])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
