#!/usr/bin/env bash
# An sshd on 127.0.0.1:2222 whose sessions reach Engine 28 with `docker system dial-stdio`, for
# the ssh:// tests. Keys and config live in /tmp/dockerapi-sshd; nothing of the system's ssh setup
# is touched. The client side is an ssh_config with a `dockerapi-test` host alias.
#
#   scripts/sshd.sh start   install openssh-server if needed, start sshd, print env lines
#   scripts/sshd.sh stop    stop it by the PID it recorded
#   scripts/sshd.sh status  exit 0 if it is running
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=/tmp/dockerapi-sshd
pidfile="$state/sshd.pid"
port=2222
engine_sock=/tmp/dockerapi-28/docker.sock
# The docker CLI that runs `system dial-stdio` on the server side: the one Engine 20's package ships.
cli_dir="$repo/.cache/engines/20/root/usr/bin"

name=sshd
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install() {
  [ -x /usr/sbin/sshd ] && command -v ssh >/dev/null && return
  log "installing openssh-server and openssh-client from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends openssh-server openssh-client >&2 \
    || die "apt-get install openssh-server failed"
}

configure() {
  mkdir -p "$state" /run/sshd
  [ -f "$state/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$state/host_key"
  [ -f "$state/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$state/client_key"
  cp "$state/client_key.pub" "$state/authorized_keys"
  [ -x "$cli_dir/docker" ] || die "no docker CLI at $cli_dir (run scripts/engine.sh start 20 once)"
  cat > "$state/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $state/host_key
PidFile $pidfile
AuthorizedKeysFile $state/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
SetEnv DOCKER_HOST=unix://$engine_sock PATH=$cli_dir:/usr/bin:/bin
CONF
  cat > "$state/ssh_config" <<CONF
Host dockerapi-test
  HostName 127.0.0.1
  Port $port
  User $(id -un)
  IdentityFile $state/client_key
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
CONF
  # An `ssh` that reads this config, for tests to put first on PATH (the user's own is untouched).
  mkdir -p "$state/bin"
  printf '#!/bin/sh\nexec %s -F %s "$@"\n' "$(command -v ssh)" "$state/ssh_config" > "$state/bin/ssh"
  chmod +x "$state/bin/ssh"
}

start() {
  /usr/sbin/sshd -t -f "$state/sshd_config" || die "sshd rejected its configuration"
  /usr/sbin/sshd -f "$state/sshd_config" -E "$state/sshd.log" || die "sshd did not start (see $state/sshd.log)"
  for _ in $(seq 1 20); do running_pid >/dev/null && return; sleep 0.25; done
  die "sshd did not write its pidfile"
}

stop() {
  local pid
  if pid=$(running_pid); then kill -TERM "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    if ! running_pid >/dev/null; then
      install
      configure
      start
    fi
    echo "DOCKERAPI_SSH_HOST=ssh://dockerapi-test"
    echo "DOCKERAPI_SSH_PATH=$state/bin"
    ;;
  stop) stop ;;
  status) running_pid >/dev/null ;;
  *) die "usage: scripts/sshd.sh start|stop|status" ;;
esac
