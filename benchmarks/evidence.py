"""Evidence benchmarks in one run: preview making for 12 MP photos, and upload memory.

`make bench` runs this. The two halves live in derivatives.py and upload.py beside it and can
also be run alone. Exits non-zero if a target from the evidence issue is missed.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import derivatives  # noqa: E402
import upload  # noqa: E402


def main() -> int:
    missed_previews = derivatives.main()
    missed_upload = upload.main()
    return 1 if missed_previews or missed_upload else 0


if __name__ == "__main__":
    sys.exit(main())
