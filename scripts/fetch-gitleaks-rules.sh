#!/usr/bin/env bash
# Fetches the gitleaks default rule set (MIT) for Layer 1 redaction from the Go module proxy — a registry, not a web
# download — and pins it: github.com/zricethezav/gitleaks/v8@v8.30.1, file config/gitleaks.toml, sha256 checked.
# Writes .tools/gitleaks/{gitleaks.toml,LICENSE}. Idempotent; needs `go` on PATH. Nothing fetched is committed.
# Usage: bash scripts/fetch-gitleaks-rules.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=github.com/zricethezav/gitleaks/v8
VERSION=v8.30.1
SHA256=e163e53b9e7e8a8511e77271e2b323ed057759542a6d988258afe3a1fa329caf
OUT="$ROOT/.tools/gitleaks"

if [[ -f "$OUT/gitleaks.toml" ]] && echo "$SHA256  $OUT/gitleaks.toml" | sha256sum -c --status; then
  exit 0
fi
command -v go >/dev/null || { echo "fetch-gitleaks-rules: go is not on PATH" >&2; exit 1; }
# The file's sha256 is pinned here, so the checksum database is not consulted (it is not reachable on every machine).
dir="$(GOFLAGS=-mod=mod GONOSUMDB="$MODULE" GONOSUMCHECK=1 GOSUMDB=off \
  go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$dir" && -f "$dir/config/gitleaks.toml" ]] || { echo "fetch-gitleaks-rules: module download failed" >&2; exit 1; }
echo "$SHA256  $dir/config/gitleaks.toml" | sha256sum -c --status || {
  echo "fetch-gitleaks-rules: sha256 mismatch for $MODULE@$VERSION config/gitleaks.toml" >&2
  exit 1
}
mkdir -p "$OUT"
install -m 0644 "$dir/config/gitleaks.toml" "$OUT/gitleaks.toml"
install -m 0644 "$dir/LICENSE" "$OUT/LICENSE"
echo "fetch-gitleaks-rules: $MODULE@$VERSION config/gitleaks.toml -> $OUT" >&2
