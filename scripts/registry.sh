#!/usr/bin/env bash
# A local Docker registry with htpasswd auth on 127.0.0.1:5000, for the pull/push/credential tests.
#
#   scripts/registry.sh start   install Debian's docker-registry if needed, start it, print env lines
#   scripts/registry.sh stop    stop it by the PID it recorded
#   scripts/registry.sh status  exit 0 if it is running
#
# The engine trusts 127.0.0.1 registries over plain HTTP, so no certificate is needed. Engines in
# network namespaces of their own reach it through $state/relay.sock, which a socat passes on to
# 127.0.0.1:5000 (see the registry relay in engine.sh).
set -euo pipefail

state=/tmp/dockerapi-registry
pidfile="$state/registry.pid"
address=127.0.0.1:5000
user=dockerapi
password=dockerapi-secret

name=registry
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

answers() { curl -s -o /dev/null --max-time 2 "http://$address/v2/"; }

install() {
  command -v docker-registry >/dev/null && command -v htpasswd >/dev/null && return
  log "installing docker-registry and apache2-utils from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends docker-registry apache2-utils >&2 \
    || die "apt-get install docker-registry apache2-utils failed"
  # The package starts a system service on port 5000; this script runs its own instance instead.
  if command -v systemctl >/dev/null; then systemctl stop docker-registry 2>/dev/null || true; fi
  pkill -x docker-registry 2>/dev/null || true
}

start() {
  mkdir -p "$state/data"
  htpasswd -Bbn "$user" "$password" > "$state/htpasswd" 2>/dev/null || die "htpasswd failed"
  cat > "$state/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/data
  delete:
    enabled: true
http:
  addr: $address
auth:
  htpasswd:
    realm: dockerapi-test
    path: $state/htpasswd
YAML
  log "starting docker-registry on $address (logs: $state/registry.log)"
  setsid nohup docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 </dev/null &
  echo $! > "$pidfile"
  for _ in $(seq 1 40); do answers && return; sleep 0.25; done
  tail -n 20 "$state/registry.log" >&2 || true
  stop
  die "docker-registry did not answer on $address within 10 s"
}

relay_pidfile="$state/relay.pid"
relay_pid() {
  local pid; pid=$(cat "$relay_pidfile" 2>/dev/null) || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = socat ] && echo "$pid"
}
start_relay() {
  relay_pid >/dev/null && return
  # Not through install(): that stops every docker-registry, this one included.
  if ! command -v socat >/dev/null; then
    log "installing socat from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends socat >&2 || die "apt-get install socat failed"
  fi
  setsid nohup socat "UNIX-LISTEN:$state/relay.sock,unlink-early,mode=600,fork" "TCP:$address" \
    >"$state/relay.log" 2>&1 </dev/null &
  echo $! > "$relay_pidfile"
  for _ in $(seq 1 20); do [ -S "$state/relay.sock" ] && return; sleep 0.25; done
  die "socat did not open $state/relay.sock within 5 s; see $state/relay.log"
}

stop() {
  local pid
  if pid=$(relay_pid); then kill -TERM "$pid" 2>/dev/null || true; fi
  rm -f "$relay_pidfile" "$state/relay.sock"
  if pid=$(running_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    if ! { running_pid >/dev/null && answers; }; then
      stop
      install
      start
    fi
    start_relay
    echo "DOCKERAPI_REGISTRY=$address"
    echo "DOCKERAPI_REGISTRY_USER=$user"
    echo "DOCKERAPI_REGISTRY_PASSWORD=$password"
    echo "DOCKERAPI_REGISTRY_PID=$(running_pid)"
    ;;
  stop) stop ;;
  status) running_pid >/dev/null && answers ;;
  *) die "usage: scripts/registry.sh start|stop|status" ;;
esac
