#!/usr/bin/env bash
# Installs and starts real Docker engines for the tests, each with its own state and socket.
#
#   scripts/engine.sh start [28|20]   install if needed, start, build the test image, print env lines
#   scripts/engine.sh stop  [28|20]   stop the engine (and its containerd) by the PID it recorded
#   scripts/engine.sh env   [28|20]   print the env lines of a running engine (exit 1 if none)
#
# 28: Docker Engine 28.5 (API 1.24-1.51) from Debian unstable, unpacked without installing.
# 20: Docker Engine 20.10 (API up to 1.41) from Debian bookworm, unpacked the same way, run in
#     its own network namespace so that the two engines never fight over the docker0 bridge.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="$repo/.cache/engines"
test_image='dockerapi-test/busybox:latest'

name=engine
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

engine=${2:-28}
case "$engine" in
  28) suite=sid ;;
  20) suite=bookworm ;;
  *) die "unknown engine \"$engine\" (want 28 or 20)" ;;
esac
# Short state paths: a unix socket path must fit in 108 bytes.
state="/tmp/dockerapi-$engine"
sock="$state/docker.sock"
pidfile="$state/dockerd.pid"
root="$cache/$engine/root"
netns="dockerapi-$engine"

apt_for() { # apt-get with a private source list, so the system's own apt setup is untouched
  local dir="$cache/apt-$1"
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  echo "deb http://deb.debian.org/debian $1 main" > "$dir/sources.list"
  apt_opts=(-q -o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$dir/lists"
    -o "Dir::Cache::archives=$dir/archives" -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
  apt_dir=$dir
}

install_host_tools() {
  local missing=()
  command -v runc >/dev/null || missing+=(runc)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v ip >/dev/null || missing+=(iproute2)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  [ ${#missing[@]} -eq 0 ] && return
  log "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

install_engine() {
  [ -x "$root/usr/sbin/dockerd" ] && return
  log "downloading docker.io and containerd from Debian $suite"
  apt_for "$suite"
  apt-get "${apt_opts[@]}" update >&2 || die "apt-get update for Debian $suite failed"
  rm -f "$apt_dir"/*.deb
  (cd "$apt_dir" && apt-get "${apt_opts[@]}" download docker.io containerd >&2) || die "apt-get download docker.io containerd ($suite) failed"
  local unpack="$root.partial"
  rm -rf "$unpack" && mkdir -p "$unpack"
  for deb in "$apt_dir"/*.deb; do dpkg -x "$deb" "$unpack" || die "cannot unpack $deb"; done
  "$unpack/usr/sbin/dockerd" --version >/dev/null || die "the unpacked dockerd ($suite) does not run here"
  "$unpack/usr/bin/containerd" --version >/dev/null || die "the unpacked containerd ($suite) does not run here"
  rm -rf "$root" && mv "$unpack" "$root"
}

answers() { curl -sf --max-time 2 --unix-socket "$sock" http://engine/_ping >/dev/null 2>&1; }

# nsenter, not `ip netns exec`: the latter remounts /sys and hides the cgroup mounts from dockerd.
# Engine 28 also listens on 127.0.0.1:2376 with --tlsverify, for the TLS tests: a CA, a server
# certificate for 127.0.0.1 and a client certificate, laid out as DOCKER_CERT_PATH expects.
tls_port=2376
make_certs() {
  local dir="$state/tls"
  [ -f "$dir/client/key.pem" ] && return
  log "making TLS certificates in $dir"
  mkdir -p "$dir/client"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=dockerapi-test-ca -keyout ca-key.pem -out ca.pem
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile server.ext -out server-cert.pem
    openssl req -newkey rsa:2048 -nodes -subj /CN=dockerapi-test-client -keyout client/key.pem -out client.csr
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile client.ext -out client/cert.pem
    cp ca.pem client/ca.pem
  ) >/dev/null 2>&1 || die "openssl could not make the TLS certificates"
}

in_netns() { if [ "$engine" = 20 ]; then nsenter "--net=/run/netns/$netns" "$@"; else "$@"; fi; }

start_daemon() {
  mkdir -p "$state"
  local args=(--data-root "$state/data" --exec-root "$state/exec" --pidfile "$pidfile" -H "unix://$sock"
    --log-level warn)
  if [ "$engine" = 28 ]; then
    make_certs
    args+=(-H "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$state/tls/ca.pem"
      --tlscert "$state/tls/server-cert.pem" --tlskey "$state/tls/server-key.pem")
  fi
  if [ "$engine" = 20 ]; then
    ip netns list | grep -qw "$netns" || ip netns add "$netns"
    ip netns exec "$netns" ip link set lo up
  fi
  log "starting Docker Engine $engine (logs: $state/dockerd.log)"
  PATH="$root/usr/bin:$root/usr/sbin:$PATH" setsid nohup bash -c "$(declare -f in_netns); engine=$engine netns=$netns; in_netns dockerd ${args[*]}" \
    >"$state/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    answers && return
    sleep 0.5
  done
  log "dockerd did not answer on $sock within 30 s; last log lines:"
  tail -n 20 "$state/dockerd.log" >&2 || true
  stop_engine
  exit 1
}

api() { curl -sS --fail-with-body --unix-socket "$sock" "$@"; }

build_test_image() {
  api -o /dev/null "http://engine/images/$test_image/json" 2>/dev/null && return
  log "building $test_image from busybox-static"
  local ctx; ctx=$(mktemp -d)
  mkdir -p "$ctx/bin"
  cp /bin/busybox "$ctx/bin/busybox"
  for applet in sh echo cat sleep ls true false env printf head tail wc yes od id hostname mkdir rm; do
    ln -s busybox "$ctx/bin/$applet"
  done
  printf 'FROM scratch\nCOPY bin /bin\nCMD ["sh"]\n' > "$ctx/Dockerfile"
  # version=1: the classic builder, which needs no BuildKit frontend image from a registry.
  tar -C "$ctx" -c . | api -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
    "http://engine/build?t=$test_image&version=1&rm=1" > "$ctx.out" || { cat "$ctx.out" >&2; die "building $test_image failed"; }
  grep -q '"error"' "$ctx.out" && { cat "$ctx.out" >&2; die "building $test_image failed"; }
  rm -rf "$ctx" "$ctx.out"
}

print_env() {
  echo "DOCKER_HOST=unix://$sock"
  echo "DOCKERAPI_ENGINE_PID=$1"
  echo "DOCKERAPI_TEST_IMAGE=$test_image"
  if [ "$engine" = 28 ]; then
    echo "DOCKERAPI_TLS_HOST=tcp://127.0.0.1:$tls_port"
    echo "DOCKERAPI_TLS_CERT_PATH=$state/tls/client"
  fi
}

stop_engine() {
  local pid
  if pid=$(running_pid); then
    log "stopping Docker Engine $engine (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # The containerd and shims dockerd started live on after a KILL; they are found by their state path.
  pkill -KILL -f -- "$state/" 2>/dev/null || true
  rm -f "$pidfile"
  if [ "$engine" = 20 ] && ip netns list 2>/dev/null | grep -qw "$netns"; then ip netns delete "$netns" || true; fi
}

case "${1:-}" in
  start)
    if pid=$(running_pid) && answers; then
      build_test_image
      print_env "$pid"
      exit 0
    fi
    stop_engine
    install_host_tools
    install_engine
    start_daemon
    build_test_image
    print_env "$(running_pid)"
    ;;
  stop) stop_engine ;;
  env)
    pid=$(running_pid) && answers || die "Docker Engine $engine is not running (scripts/engine.sh start $engine)"
    print_env "$pid"
    ;;
  *) die "usage: scripts/engine.sh start|stop|env [28|20]" ;;
esac
