#!/usr/bin/env bash
# The embedded stack: Temporal dev server (SQLite file, Web UI), PostgreSQL 15, the dev SSH CA and the sshd targets.
# Idempotent: `up` reuses whatever already runs, and repairs what a partial failure left behind.
#   up      run setup.sh if tools are missing, start everything, write .run/stack.env (the contract for TypeScript)
#   down    stop what `up` started (target sshd, netns, Temporal dev server); PostgreSQL keeps running
#   status  print what runs (exit 1 when something is down)
# Usage: bash scripts/stack.sh up|down|status        (root)
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

TEMPORAL_PIDFILE="$RUN_DIR/temporal.pid"
TEMPORAL_LOG="$RUN_DIR/temporal.log"
CA_KEY="$RUN_DIR/ca/ca_ed25519"
STACK_ENV="$RUN_DIR/stack.env"

temporal_healthy() { "$1" operator cluster health --address "$TEMPORAL_HOST:$TEMPORAL_PORT" >/dev/null 2>&1; }

tools_missing() {
  ! temporal_bin >/dev/null || [[ ! -x "$TEST_SERVER_BIN" ]] || [[ ! -x /usr/sbin/sshd ]] ||
    { [[ -z "${DATABASE_URL:-}" ]] && ! command -v pg_ctlcluster >/dev/null; }
}

# refuse_orphaned_dev_server -> dies when the listener on the Temporal port is a `temporal server start-dev` whose
# --db-filename no longer exists (a dev server left behind by a checkout that was deleted). Such a server still
# answers health checks, but its SQLite file is unlinked, and every workflow start then times out with
# DEADLINE_EXCEEDED; reusing it would hang the worker instead of failing here with the pid to stop.
refuse_orphaned_dev_server() {
  local pid args db
  for pid in $(ss -Hltnp "sport = :$TEMPORAL_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    [[ -r "/proc/$pid/cmdline" ]] || continue
    args="$(tr '\0' '\n' <"/proc/$pid/cmdline")"
    grep -qx 'start-dev' <<<"$args" || continue
    db="$(grep -A1 -x -- '--db-filename' <<<"$args" | sed -n 2p)"
    if [[ -n "$db" && ! -e "$db" ]]; then
      die "port $TEMPORAL_PORT is held by Temporal dev server pid $pid, whose database $db no longer exists (left by a deleted checkout?); stop it (kill $pid) and run again"
    fi
  done
}

start_temporal() {
  local tbin="$1"
  if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    if pid_alive "$TEMPORAL_PIDFILE"; then
      log "Temporal dev server already running (pid $(cat "$TEMPORAL_PIDFILE"))"
    else
      refuse_orphaned_dev_server
      log "something already listens on $TEMPORAL_HOST:$TEMPORAL_PORT: reusing it as the Temporal server"
    fi
  else
    log "starting Temporal dev server on $TEMPORAL_HOST:$TEMPORAL_PORT (UI :$TEMPORAL_UI_PORT, db .run/temporal.db)"
    setsid "$tbin" server start-dev --db-filename "$RUN_DIR/temporal.db" --ip "$TEMPORAL_HOST" \
      --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" --log-level warn </dev/null >>"$TEMPORAL_LOG" 2>&1 9>&- &
    echo $! >"$TEMPORAL_PIDFILE"
  fi
  local deadline=$((SECONDS + 90))
  until temporal_healthy "$tbin"; do
    if pid_alive "$TEMPORAL_PIDFILE" || port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then :; else
      tail -n 20 "$TEMPORAL_LOG" >&2 || true
      die "the Temporal dev server exited (log: $TEMPORAL_LOG)"
    fi
    ((SECONDS < deadline)) || die "Temporal on $TEMPORAL_HOST:$TEMPORAL_PORT not healthy after 90s (log: $TEMPORAL_LOG)"
    sleep 0.5
  done
}

ensure_ca() {
  mkdir -p "$RUN_DIR/ca"
  chmod 0700 "$RUN_DIR/ca"
  if [[ ! -s "$CA_KEY" || ! -s "$CA_KEY.pub" ]]; then
    log "creating the dev SSH CA $CA_KEY"
    rm -f "$CA_KEY" "$CA_KEY.pub"
    ssh-keygen -q -t ed25519 -N '' -C "secure-ssh-mcp dev CA" -f "$CA_KEY"
  fi
  chmod 0600 "$CA_KEY"
  chmod 0644 "$CA_KEY.pub"
  # sshd reads TrustedUserCAKeys as root; the directory stays 0700 so only root can reach the private key.
}

# 32 random bytes from the OS CSPRNG: the seed the canary set derives from (workers and honeytoken tests share it).
ensure_canary_seed() {
  local seed="$RUN_DIR/ca/canary.seed"
  [[ -s "$seed" ]] && return 0
  mkdir -p "$RUN_DIR/ca"
  (umask 077 && head -c 32 /dev/urandom >"$seed.tmp" && mv "$seed.tmp" "$seed")
  log "created canary seed $seed"
}

write_stack_env() {
  local tbin="$1"
  cat >"$STACK_ENV.tmp" <<EOF
TEMPORAL_ADDRESS=$TEMPORAL_HOST:$TEMPORAL_PORT
TEMPORAL_NAMESPACE=default
TEMPORAL_UI_URL=http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT
TEMPORAL_BIN=$tbin
TEMPORAL_TEST_SERVER_BIN=$TEST_SERVER_BIN
DATABASE_URL=$(database_url)
SSM_INVENTORY=$RUN_DIR/inventory.yml
SSM_KNOWN_HOSTS=$RUN_DIR/known_hosts
SSM_CA_KEY_FILE=$CA_KEY
SSM_CA_PUBLIC_KEY_FILE=$CA_KEY.pub
SSM_SOURCE_ADDRESS=10.77.1.1/32
SSM_DEMO_PLANTED=$RUN_DIR/demo/planted.json
SSM_ALT_SOURCE_ADDRESS=10.77.1.3
SSM_DEMO_SSHD_CONFIG=$RUN_DIR/targets/demo/sshd_config
SSM_DEMO_NETNS=ssm-demo
SSM_CANARY_SEED_FILE=$RUN_DIR/ca/canary.seed
SSM_POLICY=$ROOT/config/policy.yml
EOF
  chmod 0644 "$STACK_ENV.tmp"
  mv "$STACK_ENV.tmp" "$STACK_ENV"
}

cmd_up() {
  require_root
  mkdir -p "$RUN_DIR"
  chmod 0755 "$RUN_DIR"
  if tools_missing; then bash "$ROOT/scripts/setup.sh"; fi
  local tbin
  tbin="$(temporal_bin)" || die "no working Temporal CLI after setup"
  start_temporal "$tbin"
  TEMPORAL_BIN="$tbin" TEMPORAL_ADDRESS="$TEMPORAL_HOST:$TEMPORAL_PORT" TEMPORAL_NAMESPACE=default \
    bash "$ROOT/temporal-config/namespace-setup.sh"
  ensure_postgres
  ensure_ca
  bash "$ROOT/scripts/targets.sh" up
  ensure_canary_seed
  write_stack_env "$tbin"
  log "stack is up; contract: $STACK_ENV (Temporal UI http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT)"
}

cmd_down() {
  require_root
  bash "$ROOT/scripts/targets.sh" down
  if pid_alive "$TEMPORAL_PIDFILE"; then
    local pid
    pid="$(cat "$TEMPORAL_PIDFILE")"
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "server start-dev"; then
      kill "$pid"
      wait_until 30 "Temporal dev server $pid to exit" bash -c "! kill -0 $pid"
      log "stopped Temporal dev server $pid"
    fi
  fi
  rm -f "$TEMPORAL_PIDFILE"
  log "down (PostgreSQL left running; state kept in .run/)"
}

cmd_status() {
  local rc=0 tbin
  if tbin="$(temporal_bin)" && temporal_healthy "$tbin"; then
    echo "temporal:   healthy on $TEMPORAL_HOST:$TEMPORAL_PORT (UI http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT)$(pid_alive "$TEMPORAL_PIDFILE" && echo ", pid $(cat "$TEMPORAL_PIDFILE")")"
  else
    echo "temporal:   down"
    rc=1
  fi
  if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "postgresql: external (DATABASE_URL)"
  elif pg_running; then
    echo "postgresql: accepting connections on 127.0.0.1:5432"
  else
    echo "postgresql: down"
    rc=1
  fi
  bash "$ROOT/scripts/targets.sh" status || rc=1
  [[ -f "$STACK_ENV" ]] && echo "contract:   $STACK_ENV" || echo "contract:   $STACK_ENV missing (run: bash scripts/stack.sh up)"
  return $rc
}

# One `up`/`down` at a time (tests, the CLI and people may call it together); waits up to 10 minutes for the other.
serialize() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/stack.lock"
  flock -w 600 9 || die "another scripts/stack.sh up/down still holds $RUN_DIR/stack.lock"
}

case "${1:-}" in
  up) serialize && cmd_up 9>&- ;; # children must not inherit the lock (bash keeps its saved copy close-on-exec)
  down) serialize && cmd_down 9>&- ;;
  status) cmd_status || exit 1 ;;
  *) die "usage: $0 up|down|status" ;;
esac
