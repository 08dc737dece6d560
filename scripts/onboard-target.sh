#!/usr/bin/env bash
# Onboards a target host as architecture section 04 describes: an sshd_config.d drop-in (certificate-only, one try,
# one session, no forwarding), the CA public key, a principals file per allowed user, and a firewall rule that accepts
# port 22 only from the worker CIDR. Idempotent.
#
#   onboard-target.sh --ca-pub FILE --worker-cidr CIDR --user NAME [--user NAME ...] [--root DIR] [--check|--dry-run]
#
#   --check    report drift (exit 1 when anything differs), change nothing
#   --dry-run  print what would change, change nothing
#   --root     operate on a scratch tree instead of / (tests); firewall rules are then written to a file only
set -euo pipefail
ROOT=""
MODE=apply
CA_PUB=""
CIDR=""
USERS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) ROOT="${2%/}"; shift 2 ;;
    --check) MODE=check; shift ;;
    --dry-run) MODE=dry-run; shift ;;
    --ca-pub) CA_PUB="$2"; shift 2 ;;
    --worker-cidr) CIDR="$2"; shift 2 ;;
    --user) USERS+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ -n "$CA_PUB" && -r "$CA_PUB" ]] || { echo "--ca-pub FILE (the CA public key) is required" >&2; exit 2; }
[[ "$CIDR" =~ ^[0-9a-fA-F:.]+/[0-9]{1,3}$ ]] || { echo "--worker-cidr must be a CIDR such as 10.42.1.0/24" >&2; exit 2; }
[[ ${#USERS[@]} -gt 0 ]] || { echo "at least one --user is required" >&2; exit 2; }
grep -qE '^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/=]+' "$CA_PUB" || { echo "$CA_PUB is not an OpenSSH public key" >&2; exit 2; }
for u in "${USERS[@]}"; do [[ "$u" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || { echo "invalid user name '$u'" >&2; exit 2; }; done

DROPIN="$ROOT/etc/ssh/sshd_config.d/mcp-access.conf"
CA_DEST="$ROOT/etc/ssh/mcp-ca.pub"
PRINC_DIR="$ROOT/etc/ssh/principals"
FW="$ROOT/etc/nftables.d/mcp-ssh.nft"
drift=0

want_dropin() {
  cat <<CONF
# Managed by secure-ssh-mcp onboard-target.sh (architecture section 04). Do not edit by hand.
TrustedUserCAKeys /etc/ssh/mcp-ca.pub
AuthorizedPrincipalsFile /etc/ssh/principals/%u
PasswordAuthentication no
KbdInteractiveAuthentication no
MaxAuthTries 1
MaxSessions 1
AllowTcpForwarding no
X11Forwarding no
PermitTunnel no
AllowAgentForwarding no
PermitUserRC no
CONF
}
want_fw() {
  cat <<NFT
# Managed by secure-ssh-mcp onboard-target.sh: SSH only from the worker CIDR.
table inet mcp_ssh {
  chain input {
    type filter hook input priority -10; policy accept;
    tcp dport 22 ip saddr $CIDR accept
    tcp dport 22 drop
  }
}
NFT
}

# ensure FILE MODE CONTENT: compares, then reports / prints / writes depending on the mode
ensure() {
  local file="$1" mode="$2" content="$3"
  if [[ -f "$file" ]] && [[ "$(cat "$file")" == "$content" ]] && [[ "$(stat -c %a "$file")" == "$mode" ]]; then
    [[ "$MODE" == apply ]] || echo "ok     $file"
    return 0
  fi
  case "$MODE" in
    check) echo "DRIFT  $file"; drift=1 ;;
    dry-run) echo "would write $file (mode $mode)" ;;
    apply)
      mkdir -p "$(dirname "$file")"
      printf '%s\n' "$content" >"$file.tmp"
      chmod "$mode" "$file.tmp"
      mv "$file.tmp" "$file"
      echo "wrote  $file"
      ;;
  esac
}

ensure "$DROPIN" 644 "$(want_dropin)"
ensure "$CA_DEST" 644 "$(head -n1 "$CA_PUB")"
for u in "${USERS[@]}"; do ensure "$PRINC_DIR/$u" 644 "$u"; done
ensure "$FW" 644 "$(want_fw)"

if [[ "$MODE" == apply && -z "$ROOT" ]]; then
  sshd -t || { echo "sshd -t rejected the configuration; not reloading" >&2; exit 1; }
  systemctl reload ssh 2>/dev/null || systemctl reload sshd 2>/dev/null || echo "reload sshd yourself"
  if command -v nft >/dev/null; then nft -f "$FW"; else echo "nft not found: load $FW with your firewall tooling" >&2; fi
fi
if [[ "$MODE" == check ]]; then
  [[ $drift -eq 0 ]] && echo "no drift" || { echo "drift found"; exit 1; }
fi
