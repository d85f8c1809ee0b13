#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 server for the storage tests, bound to 127.0.0.1.
# initdb refuses to run as root, so the cluster belongs to an unprivileged user.
#   scripts/pg-test-server.sh start   # prints the TEST_DATABASE_URL to use
#   scripts/pg-test-server.sh stop
# PG_PRELOAD names shared_preload_libraries for a server it starts (pg_stat_statements, say).
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-54329}
PG_DIR=${PG_DIR:-/tmp/tangram-pg-$PG_PORT}
PG_USER=${PG_USER:-postgres}
run_as() {
  if [ "$(id -u)" = 0 ]; then su -s /bin/bash "$PG_USER" -c "$*"; else bash -c "$*"; fi
}
case "${1:-}" in
  start)
    if [ ! -x "$PG_BIN/initdb" ]; then
      echo "PostgreSQL 15 binaries not found in $PG_BIN (apt-get install -y postgresql-15)" >&2
      exit 1
    fi
    if [ ! -f "$PG_DIR/PG_VERSION" ]; then
      mkdir -p "$PG_DIR"; chmod 700 "$PG_DIR"
      [ "$(id -u)" = 0 ] && chown "$PG_USER" "$PG_DIR"
      run_as "$PG_BIN/initdb -D $PG_DIR -U tangram --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    # The whole suite's databases share one pg_stat_statements table: with its default 5,000
    # entries, a bench's statement run once could be evicted before the bench reads it.
    STATEMENTS_MAX=""
    case "${PG_PRELOAD:-}" in *pg_stat_statements*) STATEMENTS_MAX=" -c pg_stat_statements.max=50000" ;; esac
    if ! run_as "$PG_BIN/pg_ctl -D $PG_DIR status" >/dev/null 2>&1; then
      run_as "$PG_BIN/pg_ctl -D $PG_DIR -l $PG_DIR/server.log -w -o \"-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${PG_PRELOAD:+ -c shared_preload_libraries=$PG_PRELOAD}$STATEMENTS_MAX\" start" >/dev/null
    fi
    echo "postgres://tangram@127.0.0.1:$PG_PORT/postgres"
    ;;
  stop)
    run_as "$PG_BIN/pg_ctl -D $PG_DIR -m fast stop" >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
