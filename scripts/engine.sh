#!/usr/bin/env bash
# Installs and starts real Docker engines for the tests, each with its own state and socket.
#
#   scripts/engine.sh start [28|20|29]   install if needed, start, build the test image, print env lines
#   scripts/engine.sh stop  [28|20|29]   stop the engine (and its containerd) by the PID it recorded
#   scripts/engine.sh env   [28|20|29]   print the env lines of a running engine (exit 1 if none)
#   scripts/engine.sh cli   [28|20]      install that Debian suite's docker CLI alone, print its path
#                                        (28: unstable's docker-cli, the newest; 20: bookworm's 20.10)
#
# 28: Docker Engine 28.5 (API 1.24-1.51) from Debian unstable, unpacked without installing.
# 20: Docker Engine 20.10 (API up to 1.41) from Debian bookworm, unpacked the same way, run in
#     its own network namespace so that the two engines never fight over the docker0 bridge.
# 29: Docker Engine 29.7 (API 1.40-1.55), built from its source archive (pinned in
#     specs/engine-sources.json) with Debian unstable's Go; its own network namespace too, so that
#     its swarm does not meet Engine 28's on port 2377.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="$repo/.cache/engines"
test_image='dockerapi-test/busybox:latest'

name=engine
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

engine=${2:-28}
case "$engine" in
  28) suite=sid init_pkg=tini-static ;;
  20) suite=bookworm init_pkg=tini ;;
  29) suite=sid init_pkg=tini-static ;;
  *) die "unknown engine \"$engine\" (want 28, 20 or 29)" ;;
esac
# Short state paths: a unix socket path must fit in 108 bytes.
state="/tmp/dockerapi-$engine"
sock="$state/docker.sock"
pidfile="$state/dockerd.pid"
root="$cache/$engine/root"
netns="dockerapi-$engine"
own_netns() { [ "$engine" != 28 ]; }

# The Debian archive this machine's apt already uses: the first http(s) URI of a `deb` source for a
# main suite (no -security or -updates), from deb822 `.sources` files or one-line `deb` entries, in
# the order apt reads them. Only the suite differs from the machine's, so no mirror is written here.
debian_mirror() { # [source file...], default: the system's
  local files=("$@") found=() f
  [ $# -gt 0 ] || files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  for f in "${files[@]}"; do [ -f "$f" ] && found+=("$f"); done
  [ ${#found[@]} -gt 0 ] && awk '
    function main_suite(list,  n, i, s) {
      n = split(list, s, /[ \t]+/)
      for (i = 1; i <= n; i++) if (s[i] ~ /^[a-z]+$/) return 1
      return 0
    }
    function flush(  u) {
      if (deb822 && types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no" && main_suite(suites)) {
        split(uris, u, /[ \t]+/)
        if (u[1] ~ /^https?:\/\//) print u[1]
      }
      types = uris = suites = enabled = ""
    }
    FNR == 1 { flush(); deb822 = FILENAME ~ /\.sources$/ }
    deb822 && /^[ \t]*$/ { flush(); next }
    deb822 && /^[A-Za-z-]+:/ {
      key = tolower(substr($0, 1, index($0, ":") - 1)); value = substr($0, index($0, ":") + 1)
      sub(/^[ \t]+/, "", value); sub(/[ \t]+$/, "", value)
      if (key == "types") types = value; else if (key == "uris") uris = value
      else if (key == "suites") suites = value; else if (key == "enabled") enabled = value
      next
    }
    !deb822 && $1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ } # [ options ]
      if ($i ~ /^https?:\/\// && main_suite($(i + 1))) print $i
    }
    END { flush() }
  ' "${found[@]}" | head -n 1 | sed 's,/*$,,' | grep .
}

apt_for() { # apt-get with a private source list, so the system's own apt setup is untouched
  local dir="$cache/apt-$1"
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  [ -n "${debian_archive:-}" ] || debian_archive=$(debian_mirror) \
    || die "no Debian archive found in this machine's apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/)"
  echo "deb $debian_archive $1 main" > "$dir/sources.list"
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
  command -v socat >/dev/null || missing+=(socat)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  [ ${#missing[@]} -eq 0 ] && return
  log "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

fetch_debs() { # suite package...: downloads the packages' .debs into that suite's apt dir
  local suite=$1; shift
  apt_for "$suite"
  # Engines 28 and 29 both fetch from sid, and the test projects may start them at once: apt's own
  # lock on the lists would fail the second, so they take turns.
  (
    flock 8
    apt-get "${apt_opts[@]}" update >&2 || die "apt-get update for Debian $suite failed"
    local pkg; for pkg; do rm -f "$apt_dir/${pkg}"_*.deb; done
    (cd "$apt_dir" && apt-get "${apt_opts[@]}" download "$@" >&2) || die "apt-get download $* (Debian $suite) failed"
  ) 8>"$apt_dir/fetch.lock" || exit 1
}

unpack_debs() { # suite dir package...
  local suite=$1 dir=$2 pkg deb; shift 2
  apt_for "$suite"
  for pkg; do
    for deb in "$apt_dir/${pkg}"_*.deb; do dpkg -x "$deb" "$dir" || die "cannot unpack $deb"; done
  done
}

# A binary from sid may want a newer glibc than bookworm's: run it once to find out.
runs() { "$1" --version >/dev/null 2>&1; }

install_engine() {
  [ -x "$root/usr/sbin/dockerd" ] && return
  local unpack="$root.partial"
  rm -rf "$unpack" && mkdir -p "$unpack"
  if [ "$engine" = 29 ]; then
    build_engine "$unpack"
    log "downloading containerd and $init_pkg from Debian $suite"
    fetch_debs "$suite" containerd "$init_pkg"
    unpack_debs "$suite" "$unpack" containerd "$init_pkg"
    link_init "$unpack"
  else
    log "downloading docker.io, containerd and $init_pkg from Debian $suite"
    fetch_debs "$suite" docker.io containerd "$init_pkg"
    unpack_debs "$suite" "$unpack" docker.io containerd "$init_pkg"
  fi
  runs "$unpack/usr/sbin/dockerd" \
    || die "the dockerd of Engine $engine does not run here: $("$unpack/usr/sbin/dockerd" --version 2>&1 | tail -n 1)"
  if ! runs "$unpack/usr/bin/containerd"; then
    [ "$suite" = bookworm ] && die "the containerd of Debian bookworm does not run here"
    log "the containerd of Debian $suite does not run here; falling back to Debian bookworm's"
    fetch_debs bookworm containerd
    unpack_debs bookworm "$unpack" containerd
    runs "$unpack/usr/bin/containerd" || die "neither Debian $suite's nor bookworm's containerd runs here"
  fi
  rm -rf "$root" && mv "$unpack" "$root"
}

# An engine no Debian suite packages, pinned in specs/engine-sources.json: `pin <field>`.
sources="${DOCKERAPI_ENGINE_SOURCES:-$repo/../shared/engine-sources}"
pin() {
  node -e 'const [file, engine, field] = process.argv.slice(1);
    const found = require(file).engines.find((e) => e.engine === engine);
    if (!found || !found[field]) process.exit(1);
    console.log(found[field]);' "$repo/specs/engine-sources.json" "$engine" "$1" \
    || die "specs/engine-sources.json has no \"$1\" for Engine $engine"
}

# Builds dockerd and docker-proxy into <dir>/usr/{sbin,bin} from the sha256-checked source archive,
# offline (the archive vendors every module), with Debian unstable's Go. The Go build cache stays in
# the engine's cache folder, so a rebuild after a source change takes about a minute.
build_engine() { # dir
  local dir=$1 file sha version commit go archive src gocache="$cache/$engine/gocache"
  file=$(pin file) sha=$(pin sha256) version=$(pin version) commit=$(pin commit) go=$(pin go)
  archive="$sources/$file"
  [ -f "$archive" ] || die "the source of Engine $version is missing: $archive (DOCKERAPI_ENGINE_SOURCES names the folder holding $file)"
  log "checking the sha256 of $file"
  [ "$(sha256sum "$archive" | cut -d' ' -f1)" = "$sha" ] || die "$archive: sha256 is not $sha, the one pinned in specs/engine-sources.json"
  local goroot="$cache/$engine/go/usr/lib/go-${go#golang-}"
  if [ ! -x "$goroot/bin/go" ]; then
    log "downloading $go-go and $go-src from Debian sid"
    fetch_debs sid "$go-go" "$go-src"
    rm -rf "$cache/$engine/go" && unpack_debs sid "$cache/$engine/go" "$go-go" "$go-src"
    [ -x "$goroot/bin/go" ] || die "$go-go of Debian sid has no $goroot/bin/go"
  fi
  src="$cache/$engine/src/${file%.tar.xz}"
  if [ ! -f "$src/go.mod" ]; then
    log "unpacking $file"
    rm -rf "$cache/$engine/src" && mkdir -p "$cache/$engine/src"
    tar -C "$cache/$engine/src" -xJf "$archive" || die "cannot unpack $archive"
    [ -f "$src/go.mod" ] || die "$archive holds no ${src##*/}/go.mod"
  fi
  log "building dockerd and docker-proxy $version with $("$goroot/bin/go" version | cut -d' ' -f3) (minutes the first time; log: $cache/$engine/build.log)"
  mkdir -p "$dir/usr/sbin" "$dir/usr/bin" "$gocache"
  # Offline and reproducible: vendored modules only, no toolchain download, no cgo (no C compiler needed).
  (
    cd "$src"
    export GOROOT="$goroot" GOCACHE="$gocache" GOPATH="$cache/$engine/gopath" CGO_ENABLED=0 GOFLAGS=-mod=vendor GOTOOLCHAIN=local GOPROXY=off
    local flags="-X github.com/moby/moby/v2/dockerversion.Version=$version -X github.com/moby/moby/v2/dockerversion.GitCommit=${commit:0:7}"
    "$goroot/bin/go" build -trimpath -ldflags "$flags" -o "$dir/usr/sbin/dockerd" ./cmd/dockerd &&
      "$goroot/bin/go" build -trimpath -o "$dir/usr/bin/docker-proxy" ./cmd/docker-proxy
  ) >"$cache/$engine/build.log" 2>&1 || { tail -n 20 "$cache/$engine/build.log" >&2; die "building Engine $version failed"; }
}

# docker.io's docker-init (run for HostConfig.Init) is a link to tini-static, shipped by the tini
# package in bookworm and by tini-static in sid; engines unpacked without it get it here, and an
# engine built from source (no docker.io package) gets the link itself.
link_init() { # dir
  [ -e "$1/usr/bin/docker-init" ] || [ ! -e "$1/usr/bin/tini-static" ] || ln -s tini-static "$1/usr/bin/docker-init"
}
install_init() {
  [ -e "$root/usr/bin/docker-init" ] && return
  log "downloading $init_pkg (docker-init) from Debian $suite"
  fetch_debs "$suite" "$init_pkg"
  unpack_debs "$suite" "$root" "$init_pkg"
  link_init "$root"
  [ -e "$root/usr/bin/docker-init" ] || die "$init_pkg of Debian $suite has no tini-static for docker-init"
}

# Engine 29 gives a plugin's container a time namespace whatever its time-namespaces feature says
# (a plugin's spec starts from oci.DefaultSpec in daemon/pkg/plugin/v2, the feature only reaches
# containers), so runc 1.1.5 refuses to enable a plugin. This runc, first in the engine's PATH, takes
# the time namespace out of the bundle's config.json before the real runc creates the container.
write_runc_wrapper() {
  local runc; runc=$(command -v runc) || die "runc is not installed"
  mkdir -p "$state/bin"
  cat > "$state/bin/runc" <<WRAPPER
#!/bin/sh
bundle= previous=
for arg; do [ "\$previous" = --bundle ] && bundle=\$arg; previous=\$arg; done
if [ -n "\$bundle" ] && [ -f "\$bundle/config.json" ]; then
  sed -i 's/,{"type":"time"}//; s/{"type":"time"},\{0,1\}//' "\$bundle/config.json"
fi
exec $runc "\$@"
WRAPPER
  chmod +x "$state/bin/runc"
}

# The CLI alone, for the connection parity test: unstable packs it as docker-cli, bookworm inside
# docker.io (whose docker binary `start 20` has unpacked already).
install_cli() {
  local pkg=docker-cli dir="$cache/cli-$engine"
  [ "$suite" = bookworm ] && pkg=docker.io
  [ "$suite" = bookworm ] && [ -x "$root/usr/bin/docker" ] && { echo "$root/usr/bin/docker"; return; }
  if [ ! -x "$dir/usr/bin/docker" ]; then
    log "downloading $pkg from Debian $suite"
    fetch_debs "$suite" "$pkg"
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    unpack_debs "$suite" "$dir.partial" "$pkg"
    runs "$dir.partial/usr/bin/docker" || die "the docker CLI of Debian $suite does not run here"
    rm -rf "$dir" && mv "$dir.partial" "$dir"
  fi
  echo "$dir/usr/bin/docker"
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

in_netns() { if own_netns; then nsenter "--net=/run/netns/$netns" "$@"; else "$@"; fi; }

start_daemon() {
  mkdir -p "$state"
  local args=(--data-root "$state/data" --exec-root "$state/exec" --pidfile "$pidfile" -H "unix://$sock"
    --log-level warn)
  if [ "$engine" = 28 ]; then
    make_certs
    args+=(-H "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$state/tls/ca.pem"
      --tlscert "$state/tls/server-cert.pem" --tlskey "$state/tls/server-key.pem")
  fi
  if own_netns; then
    ip netns list | grep -qw "$netns" || ip netns add "$netns"
    ip netns exec "$netns" ip link set lo up
  fi
  local path="$root/usr/bin:$root/usr/sbin:$PATH"
  if [ "$engine" = 29 ]; then
    # Bookworm's runc 1.1.5 does not know the time namespace Engine 29 asks for by default.
    printf '{"features": {"time-namespaces": false}}\n' > "$state/daemon.json"
    args+=(--config-file "$state/daemon.json")
    write_runc_wrapper
    path="$state/bin:$path"
  fi
  log "starting Docker Engine $engine (logs: $state/dockerd.log)"
  PATH="$path" setsid nohup bash -c "$(declare -f own_netns in_netns); engine=$engine netns=$netns; in_netns dockerd ${args[*]}" \
    >"$state/dockerd.log" 2>&1 </dev/null 9>&- &
  launcher=$! # setsid made it the leader of the daemon's process group
  disown # its end is this script's business only when start fails
  local why="did not answer on $sock within 30 s" deadline=$((SECONDS + 30))
  # By the clock, not by a count of tries: a hung dockerd makes each try last curl's whole timeout.
  while [ "$SECONDS" -lt "$deadline" ]; do
    answers && return
    # A dockerd that exits at start (bad flag, busy socket, storage trouble) need not be waited for.
    kill -0 "$launcher" 2>/dev/null || { why="exited at start"; break; }
    sleep 0.5
  done
  log "dockerd $why; last lines of $state/dockerd.log:"
  tail -n 20 "$state/dockerd.log" >&2 || true
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
  api -o /dev/null "http://engine/images/$test_image/json" || die "$test_image is missing after its build"
  smoke_test
}

# One container right after the build, so that a runc, cgroup or storage problem shows up here,
# named, rather than in the middle of a test run.
smoke_test() {
  local id code
  id=$(api -X POST -H 'Content-Type: application/json' -d "{\"Image\":\"$test_image\",\"Cmd\":[\"echo\",\"hi\"]}" \
    http://engine/containers/create | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p') || die "cannot create a container from $test_image"
  code=$(api -X POST "http://engine/containers/$id/start" >&2 && api -X POST "http://engine/containers/$id/wait" \
    | sed -n 's/.*"StatusCode":\([0-9]*\).*/\1/p') || code=
  api -X DELETE "http://engine/containers/$id?force=1" >&2 || true
  [ "$code" = 0 ] || die "a container from $test_image did not run \`echo hi\` (exit status: ${code:-none}); see $state/dockerd.log"
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

# A pidfile can outlive its dockerd and the PID be reused: only a live dockerd counts, so that
# stop never signals an unrelated process.
engine_pid() {
  local pid; pid=$(running_pid) || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] && echo "$pid" # a zombie waits for init only
}

# The containerd a dockerd manages, and the shims under it, name this engine's exec-root on their
# command lines; they outlive a dockerd that had to be killed.
leftovers() { pgrep -f -- "^[^ ]*containerd[^ ]* .*$state/" || true; }

stop_engine() {
  local pid
  if pid=$(engine_pid); then
    log "stopping Docker Engine $engine (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd (pid $pid) did not stop within 15 s of TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  local left; left=$(leftovers)
  if [ -n "$left" ]; then
    log "killing what dockerd left behind: ${left//$'\n'/ }"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
    for _ in $(seq 1 20); do [ -z "$(leftovers)" ] && break; sleep 0.25; done
  fi
  # Container processes outlive their shim; runc's state for this engine still names them.
  local runc_root="$state/exec/runtime-runc/moby" id
  if [ -d "$runc_root" ]; then
    for id in $(runc --root "$runc_root" list -q 2>/dev/null); do
      log "removing container $id left behind"
      runc --root "$runc_root" delete --force "$id" >/dev/null 2>&1 || true
    done
  fi
  rm -f "$pidfile"
  stop_relays
  if own_netns && ip netns list 2>/dev/null | grep -qw "$netns"; then ip netns delete "$netns" || true; fi
}

# A start that fails after launching dockerd takes it down again; one that has not written its
# pidfile yet is still found in the process group setsid gave it.
abort_start() {
  stop_engine
  if [ -n "${launcher:-}" ] && kill -KILL -- "-$launcher" 2>/dev/null; then sleep 0.5; stop_engine; fi
}

# The registry (scripts/registry.sh) listens on 127.0.0.1:5000 of the host's network namespace, which
# an engine in a namespace of its own cannot reach. A relay inside that namespace listens on its own
# 127.0.0.1:5000 and passes each connection to the registry's unix socket (unix sockets belong to the
# file system, not to a network namespace). So every engine pulls and pushes the same
# 127.0.0.1:5000, which engines trust over plain HTTP, and no address is added to any interface.
registry_socket=/tmp/dockerapi-registry/relay.sock
start_registry_relay() {
  own_netns || return 0
  start_relay registry nsenter "--net=/run/netns/$netns" socat TCP-LISTEN:5000,bind=127.0.0.1,reuseaddr,fork \
    "UNIX-CONNECT:$registry_socket"
}

# Engine 20.10 joins Engine 28's swarm as a worker (test/engine/ops/swarm-leave.test.ts). That manager
# listens on 127.0.0.1:2377 of the host's namespace and names that address to its workers, so two
# relays give Engine 20.10's namespace the same 127.0.0.1:2377: one there into a unix socket, one here
# from it to the manager. Engine 20.10's own swarms listen on 2378. Engine 29.7 gets none: its own
# swarm listens on 2377 of its namespace.
swarm_socket="$state/swarm-relay.sock"
start_swarm_relay() {
  [ "$engine" = 20 ] || return 0
  start_relay swarm-host socat "UNIX-LISTEN:$swarm_socket,unlink-early,mode=600,fork" TCP:127.0.0.1:2377
  start_relay swarm nsenter "--net=/run/netns/$netns" socat TCP-LISTEN:2377,bind=127.0.0.1,reuseaddr,fork \
    "UNIX-CONNECT:$swarm_socket"
}

# A relay is a socat started once, its PID in the engine's state folder, stopped with the engine.
relay_pid() { # name
  local pid; pid=$(cat "$state/$1-relay.pid" 2>/dev/null) || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = socat ] && echo "$pid"
}
start_relay() { # name command...
  local name=$1; shift
  relay_pid "$name" >/dev/null && return
  setsid nohup "$@" >"$state/$name-relay.log" 2>&1 </dev/null 9>&- &
  echo $! > "$state/$name-relay.pid"
  disown
}
stop_relays() {
  local name pid
  for name in registry swarm swarm-host; do
    if pid=$(relay_pid "$name"); then kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$state/$name-relay.pid"
  done
  rm -f "$swarm_socket"
}

# start and stop of one engine take turns: the test setup and the benchmarks may both call start.
# The lock lives beside the state folder and is not inherited by the daemon (see start_daemon).
lock() { exec 9>"$state.lock" && flock 9; }

case "${1:-}" in
  start)
    lock
    if pid=$(engine_pid) && answers; then
      start_registry_relay
      start_swarm_relay
      build_test_image
      print_env "$pid"
      exit 0
    fi
    stop_engine
    install_host_tools
    install_engine
    install_init
    # From here on a failure must not leave a half-started engine behind.
    trap abort_start EXIT
    trap 'exit 1' INT TERM
    start_daemon
    start_registry_relay
    start_swarm_relay
    build_test_image
    trap - EXIT INT TERM
    print_env "$(engine_pid)"
    ;;
  stop) lock; stop_engine ;;
  env)
    pid=$(engine_pid) && answers || die "Docker Engine $engine is not running (scripts/engine.sh start $engine)"
    print_env "$pid"
    ;;
  cli) mkdir -p "$cache" && exec 9>"$cache/cli-$engine.lock" && flock 9; install_cli ;;
  *) die "usage: scripts/engine.sh start|stop|env|cli [28|20|29]" ;;
esac
