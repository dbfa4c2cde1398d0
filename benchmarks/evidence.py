"""Evidence benchmarks in one run: preview making for 12 MP photos, and the upload, sealed and not.

`make bench` runs this. The two halves live in derivatives.py and upload.py beside it and can
also be run alone. Every figure is printed against its target; one over target is reported, not
a failure, so `make bench` goes on to the next benchmark. The exit status is non-zero only if
something crashed.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import derivatives  # noqa: E402
import upload  # noqa: E402


def main() -> int:
    derivatives.main()
    upload.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
