#!/bin/sh
# Prints pgbouncer.ini with some values taken from the environment, for the compose file's container
# and for test runs. (PgBouncer resets its [pgbouncer] section each time a file opens it again, so an
# %include followed by overrides does not work: the settings file is rendered instead.)
#   PGB_LISTEN_ADDR PGB_LISTEN_PORT PGB_UNIX_SOCKET_DIR PGB_LOGFILE PGB_PIDFILE PGB_AUTH_TYPE PGB_AUTH_FILE
#   PGB_ADMIN_USERS PGB_DB_HOST PGB_DB_PORT PGB_DB_NAME
# A variable that is unset keeps the file's value; set to "" it empties it (e.g. PGB_LOGFILE= logs to stderr).
set -eu
in=${1:?usage: render-ini.sh pgbouncer.ini > rendered.ini}
script=''
put() { script="$script
s|^$1 = .*|$1 = $2|"; }
if [ -n "${PGB_LISTEN_ADDR+x}" ]; then put listen_addr "$PGB_LISTEN_ADDR"; fi
if [ -n "${PGB_LISTEN_PORT+x}" ]; then put listen_port "$PGB_LISTEN_PORT"; fi
if [ -n "${PGB_UNIX_SOCKET_DIR+x}" ]; then put unix_socket_dir "$PGB_UNIX_SOCKET_DIR"; fi
if [ -n "${PGB_LOGFILE+x}" ]; then put logfile "$PGB_LOGFILE"; fi
if [ -n "${PGB_PIDFILE+x}" ]; then put pidfile "$PGB_PIDFILE"; fi
if [ -n "${PGB_AUTH_TYPE+x}" ]; then put auth_type "$PGB_AUTH_TYPE"; fi
if [ -n "${PGB_AUTH_FILE+x}" ]; then put auth_file "$PGB_AUTH_FILE"; fi
if [ -n "${PGB_ADMIN_USERS+x}" ]; then put admin_users "$PGB_ADMIN_USERS"; put stats_users "$PGB_ADMIN_USERS"; fi
if [ -n "${PGB_DB_HOST+x}${PGB_DB_PORT+x}${PGB_DB_NAME+x}" ]; then
  put congso "host=${PGB_DB_HOST:-127.0.0.1} port=${PGB_DB_PORT:-5432} dbname=${PGB_DB_NAME:-congso}"
fi
exec sed -e "$script" "$in"
