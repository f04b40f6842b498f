# A throwaway PostgreSQL 15 cluster for tests and benchmarks (sourced, not run).
#
#   . tests/lib/pg_cluster.sh
#   pg_cluster_start || exit 1      # sets PG_DIR and PG_URL (the "postgres" database)
#   trap 'pg_cluster_stop' EXIT     # the caller's trap: stops and removes it, also on failure
#   pg_url DBNAME                   # a URL for another database of the cluster
#
# initdb and the server refuse to run as root: as root they run as the user "postgres" (or
# SELFEVAL_PG_USER). The server listens on a Unix socket in PG_DIR only (no TCP port), so
# parallel tests never collide, and the data goes to PG_DIR, removed by pg_cluster_stop.
PG_BIN=${SELFEVAL_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=""
PG_URL=""

pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "${SELFEVAL_PG_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

pg_url() { echo "postgresql:///$1?host=$PG_DIR&user=postgres"; }

pg_cluster_start() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "pg_cluster: $PG_BIN/initdb is missing (Debian package postgresql-15)" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/selfeval-pg-XXXXXX) || return 1
  if [ "$(id -u)" = 0 ]; then
    chown "${SELFEVAL_PG_USER:-postgres}" "$PG_DIR" || return 1
  fi
  # trust: only the socket in PG_DIR (mode 0700) reaches the server; no TCP at all
  if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
         --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    echo "pg_cluster: initdb failed:" >&2; cat "$PG_DIR/initdb.log" >&2
    return 1
  fi
  if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
         -o "-k $PG_DIR -c listen_addresses='' -c fsync=off -c full_page_writes=off" \
         start >/dev/null 2>&1; then
    echo "pg_cluster: the server did not start:" >&2; cat "$PG_DIR/server.log" >&2
    return 1
  fi
  PG_URL=$(pg_url postgres)
  return 0
}

# Stops the server at once (nothing to keep) and removes everything. Safe to call twice.
pg_cluster_stop() {
  [ -n "$PG_DIR" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
}
