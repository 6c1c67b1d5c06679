"""Write data/digits.csv from the copy of the UCI digits that scikit-learn ships. Run once.

    python tools/extract_digits.py            # pip-downloads the wheel into a temporary folder
    python tools/extract_digits.py WHEEL.whl  # or reads a wheel you have

scikit-learn is not installed and not a dependency: the wheel is opened as a zip file and only
`sklearn/datasets/data/digits.csv.gz` is read (1797 rows of 64 pixel values 0-16, then the
digit). The CSV gets a header, pixel_<row>_<column> for the 8x8 image read row by row, then
`digit`; the values are unchanged. Prints the rows written and the file's SHA-256 for
data/README.md.
"""

import csv
import gzip
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "1.9.1"  # the scikit-learn release data/digits.csv was extracted from
MEMBER = "sklearn/datasets/data/digits.csv.gz"
OUTPUT = Path(__file__).resolve().parent.parent / "data" / "digits.csv"


def extract(wheel, output=OUTPUT):
    """Write the digits from `wheel` to `output`; return (rows, sha256)."""
    with zipfile.ZipFile(wheel) as archive:
        text = gzip.decompress(archive.read(MEMBER)).decode("ascii")
    rows = [[str(int(float(value))) for value in line.split(",")] for line in text.splitlines()]
    if any(len(row) != 65 for row in rows):
        raise ValueError(f"{MEMBER} should have 65 values per row")
    header = [f"pixel_{row}_{column}" for row in range(8) for column in range(8)] + ["digit"]
    with output.open("w", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows([header, *rows])
    return len(rows), hashlib.sha256(output.read_bytes()).hexdigest()


def main(argv):
    if argv:
        print(*extract(Path(argv[0])))
        return
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "-d", folder, f"scikit-learn=={VERSION}"],
            check=True,
        )
        print(*extract(next(Path(folder).glob("scikit_learn-*.whl"))))


if __name__ == "__main__":
    main(sys.argv[1:])
