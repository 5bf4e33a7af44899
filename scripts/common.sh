# Shared by the service scripts: messages on stderr (stdout carries only env lines), and the PID
# a service recorded in its pidfile, if that process still lives. Set `name` and `pidfile` first.
log() { printf '%s: %s\n' "$name" "$*" >&2; }
die() { log "error: $*"; exit 1; }

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}
