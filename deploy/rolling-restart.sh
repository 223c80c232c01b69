#!/usr/bin/env bash
# Rolling restart of the Congso processes behind nginx, one at a time, without failing a request:
#   1. mark the process `down` in nginx's upstream file and reload nginx (new requests go to the others);
#   2. wait until nginx's workers of the previous configuration have finished their requests and exited
#      (only they could still send the process a request);
#   3. restart it (SIGTERM through systemd: it drains and exits), wait until its /readyz answers 200;
#   4. put it back in the upstream and reload nginx.
# A process that does not become ready stays out of the upstream (nginx serves with the others) and the
# script stops with an error. It never takes out the last process that is not `down`.
#
# Usage (root, on the nginx and Congso host; docs/PRODUCTION.md §11):
#   deploy/rolling-restart.sh                     # every port of the upstream file, in order
#   deploy/rolling-restart.sh 3001 3002           # these ones
#   deploy/rolling-restart.sh --take-out 3001     # step 1-2 only (the fault suite runs the steps this way)
#   deploy/rolling-restart.sh --put-back 3001     # step 4 (after waiting for /readyz)
# Options:
#   --upstream FILE       the upstream's server lines (default /etc/nginx/snippets/congso-upstream.conf)
#   --nginx "CMD"         how to call nginx (default "nginx"; e.g. "nginx -p DIR -c FILE")
#   --nginx-pid FILE      nginx's pid file (default /run/nginx.pid)
#   --restart "CMD"       restarts one process, {port} replaced (default "systemctl restart congso@{port}")
#   --drain-timeout S     longest wait for nginx's previous workers (default 90: proxy_read_timeout is 60 s)
#   --ready-timeout S     longest wait for /readyz after the restart (default 120: migrations may run)
set -euo pipefail

upstream=/etc/nginx/snippets/congso-upstream.conf
nginx=nginx
nginx_pid=/run/nginx.pid
restart='systemctl restart congso@{port}'
drain_timeout=90
ready_timeout=120
mode=all
ports=()

die() { echo "rolling-restart: $*" >&2; exit 1; }
say() { echo "rolling-restart: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --upstream) upstream=$2; shift 2 ;;
    --nginx) nginx=$2; shift 2 ;;
    --nginx-pid) nginx_pid=$2; shift 2 ;;
    --restart) restart=$2; shift 2 ;;
    --drain-timeout) drain_timeout=$2; shift 2 ;;
    --ready-timeout) ready_timeout=$2; shift 2 ;;
    --take-out) mode=take-out; ports+=("$2"); shift 2 ;;
    --put-back) mode=put-back; ports+=("$2"); shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ $1 =~ ^[0-9]+$ ]] || die "not a port: $1"; ports+=("$1"); shift ;;
  esac
done

[ -f "$upstream" ] || die "no upstream file $upstream"
[ -r "$nginx_pid" ] || die "cannot read $nginx_pid (is nginx running? see --nginx-pid)"
# The server lines: `server HOST:PORT [params] [down];`, one per process.
line_re() { echo "^[[:space:]]*server[[:space:]]+[^[:space:];]+:$1([[:space:]][^;]*)?;"; }
listed_ports() { sed -nE 's/^[[:space:]]*server[[:space:]]+[^[:space:];]+:([0-9]+)([[:space:]][^;]*)?;.*/\1/p' "$upstream"; }
is_down() { grep -E "$(line_re "$1")" "$upstream" | grep -Eq '[[:space:]]down[[:space:]]*;'; }
if [ ${#ports[@]} -eq 0 ]; then mapfile -t ports < <(listed_ports); fi
[ ${#ports[@]} -gt 0 ] || die "no server line in $upstream"
for p in "${ports[@]}"; do grep -Eq "$(line_re "$p")" "$upstream" || die "port $p is not in $upstream"; done

# nginx's worker processes (children of the master), to know when a reload has taken effect.
workers() {
  local master stat line ppid
  master=$(cat "$nginx_pid" 2>/dev/null) || die "cannot read $nginx_pid (is nginx running?)"
  # A process may exit between the glob and the read (awk would stop the script then): skip it. The
  # command name, in parentheses, may hold spaces, so the fields are read after its closing parenthesis.
  for stat in /proc/[0-9]*/stat; do
    { read -r line <"$stat"; } 2>/dev/null || continue
    read -r _ ppid _ <<<"${line##*) }"
    if [ "$ppid" = "$master" ]; then
      stat=${stat#/proc/}
      echo "${stat%/stat}"
    fi
  done | sort
}

# Rewrites the upstream file (atomically) with the port's line marked down or not, checks and reloads nginx,
# then waits until the master runs workers of the new configuration (the previous ones finish their requests
# and exit on their own). Leaves the previous workers' pids in $previous.
previous=''
set_down() {
  local port=$1 down=$2 tmp saved before waited=0
  previous=''
  if [ "$down" = yes ] && is_down "$port"; then return; fi
  if [ "$down" = no ] && ! is_down "$port"; then return; fi
  tmp=$(mktemp "$upstream.XXXXXX")
  saved=$(cat "$upstream")
  if [ "$down" = yes ]; then
    sed -E "/$(line_re "$port")/ s/[[:space:]]*;/ down;/" "$upstream" >"$tmp"
  else
    sed -E "/$(line_re "$port")/ s/[[:space:]]+down[[:space:]]*;/;/" "$upstream" >"$tmp"
  fi
  chmod --reference="$upstream" "$tmp"
  mv -f "$tmp" "$upstream"
  if ! $nginx -t -q; then
    printf '%s\n' "$saved" >"$upstream"
    die "nginx -t failed after editing $upstream (put back as it was; nginx not reloaded)"
  fi
  before=$(workers)
  $nginx -s reload 2> >(grep -v "signal process started" >&2)
  until [ -n "$(comm -13 <(echo "$before") <(workers))" ]; do
    sleep 0.1
    waited=$((waited + 1))
    [ $waited -lt 300 ] || die "nginx did not start workers of the new configuration within 30 s (see its error log)"
  done
  previous=$before
}

# How many of the given pids still run.
running() {
  local n=0 pid
  for pid in $1; do if [ -e "/proc/$pid" ]; then n=$((n + 1)); fi; done
  echo $n
}

ready() {
  node -e "fetch('http://127.0.0.1:$1/readyz',{signal:AbortSignal.timeout(3000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"
}

take_out() {
  local port=$1 others=0 p started
  for p in $(listed_ports); do
    if [ "$p" != "$port" ] && ! is_down "$p"; then others=$((others + 1)); fi
  done
  [ $others -gt 0 ] || die "port $port is the last process in the upstream: not taken out"
  started=$(date +%s)
  set_down "$port" yes
  # The previous workers serve what they had received (a request to this process, an upload nginx is still
  # reading); they exit when done. Idle keep-alive connections to the process (a monitor's) do not matter.
  while [ "$(running "$previous")" -gt 0 ]; do
    if [ $(($(date +%s) - started)) -ge "$drain_timeout" ]; then
      say "port $port: nginx's previous workers still serve after ${drain_timeout} s; going on (the process drains on SIGTERM)"
      break
    fi
    sleep 0.1
  done
  say "port $port: out of the upstream, nginx's previous workers done ($(($(date +%s) - started)) s)"
}

put_back() {
  local port=$1 started
  started=$(date +%s)
  until ready "$port"; do
    [ $(($(date +%s) - started)) -lt "$ready_timeout" ] || die "port $port: /readyz not 200 within ${ready_timeout} s; left out of the upstream"
    sleep 1
  done
  set_down "$port" no
  say "port $port: ready, back in the upstream"
}

case $mode in
  take-out) for p in "${ports[@]}"; do take_out "$p"; done ;;
  put-back) for p in "${ports[@]}"; do put_back "$p"; done ;;
  all)
    for p in "${ports[@]}"; do
      take_out "$p"
      say "port $p: ${restart//\{port\}/$p}"
      sh -c "${restart//\{port\}/$p}"
      put_back "$p"
    done
    say "done: ${ports[*]}"
    ;;
esac
