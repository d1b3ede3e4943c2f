#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, in a folder of its own, on a free
# loopback port. Nothing outside the folder is touched, and `stop` removes it.
#
#   scripts/throwaway-postgres.sh start DIR   # prints the database URL (postgres://...) on stdout
#   scripts/throwaway-postgres.sh stop DIR    # stops the server and deletes DIR
#
# initdb and postgres refuse to run as root, so as root the server runs as the `postgres` user
# (runuser); as anyone else, as that user. Needs initdb, pg_ctl and psql on the PATH.
set -euo pipefail

# A free port can be taken by someone else between choosing it and the server binding it: retry.
START_ATTEMPTS=5
DATABASE=briefbot

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ "$#" -eq 2 ] || usage
action="$1"
dir="$2"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

case "$action" in
  start)
    for tool in initdb pg_ctl psql; do
      command -v "$tool" >/dev/null || { echo "throwaway-postgres: $tool is not on the PATH" >&2; exit 1; }
    done
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    # Trust on loopback only: the server lives for one run, in a folder nobody else uses.
    as_owner initdb -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    for attempt in $(seq 1 "$START_ATTEMPTS"); do
      port="$(free_port)"
      # fsync off: a crash loses the whole throwaway server anyway, and syncing slows every commit.
      if as_owner pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >/dev/null; then
        echo "$port" >"$dir/port"
        break
      fi
      [ "$attempt" -lt "$START_ATTEMPTS" ] || { cat "$dir/server.log" >&2; exit 1; }
    done
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE $DATABASE" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/$DATABASE"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner pg_ctl -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
