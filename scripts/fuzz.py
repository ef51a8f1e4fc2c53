"""Run the property tests for a long soak (100,000 examples per property by default).

Usage: python scripts/fuzz.py [--examples N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    args = parser.parse_args()
    env = dict(os.environ, REGIONMAP_FUZZ_PROFILE="long")
    if args.examples != 100_000:
        env["HYPOTHESIS_MAX_EXAMPLES"] = str(args.examples)
    test = str(ROOT / "tests" / "test_fuzz.py")
    sys.exit(
        subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--hypothesis-show-statistics",
                test,
            ],
            env=env,
            cwd=ROOT,
        )
    )


if __name__ == "__main__":
    main()
