#!/usr/bin/env bash
# A real Sentry-compatible server for the sync tests: Bugsink (PyPI `bugsink`), SQLite, one
# gunicorn process bound to 127.0.0.1 on a free port, its `local` configuration (single user,
# in-request digest, no phoning home).
#
#   scripts/bugsink.sh install          install into .tools/bugsink/venv (skipped when current)
#   scripts/bugsink.sh start            install, configure, migrate, start, create a team, a
#                                       project and an API token; prints them as KEY=value lines
#                                       (also written to .tools/bugsink/env)
#   scripts/bugsink.sh stop             stop the server (its data stays until the next start)
#   scripts/bugsink.sh restart [QUOTA]  restart on the same port with the same data; QUOTA sets
#                                       the per-project limit of events per 5 minutes (1000)
#
# Each start uses a fresh temporary directory for the databases and ingest files.
set -euo pipefail
cd "$(dirname "$0")/.."

BUGSINK_VERSION=2.6.2
TOOLS=.tools/bugsink
VENV=$TOOLS/venv
STATE=$TOOLS/state
log() { printf '[bugsink] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

installed_version() {
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("bugsink"))' 2>/dev/null || true
}

install() {
  if [ "$(installed_version)" = "$BUGSINK_VERSION" ]; then
    return
  fi
  local start=$SECONDS
  log "installing bugsink $BUGSINK_VERSION into $VENV"
  rm -rf "$VENV"
  mkdir -p "$TOOLS"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "bugsink==$BUGSINK_VERSION"
  log "installed in $(( SECONDS - start )) s"
}

free_port() {
  "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Writes the `local` configuration for $RUN_DIR and $PORT, with every path under $RUN_DIR.
configure() {
  (cd "$RUN_DIR" && "$ROOT/$VENV/bin/bugsink-create-conf" --template=local \
    --host=127.0.0.1 --port="$PORT" --output-file=bugsink_conf.py >/dev/null)
  cat >> "$RUN_DIR/bugsink_conf.py" <<PY

# Faultline's test settings.
import os as _os
DATABASES["default"]["NAME"] = "$RUN_DIR/db.sqlite3"
DATABASES["snappea"]["NAME"] = "$RUN_DIR/snappea.sqlite3"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
BUGSINK["INGEST_STORE_BASE_DIR"] = "$RUN_DIR/ingestion"
BUGSINK["PHONEHOME"] = False
# The 429 test lowers this (scripts/bugsink.sh restart QUOTA).
BUGSINK["MAX_EVENTS_PER_PROJECT_PER_5_MINUTES"] = int(_os.environ.get("FAULTLINE_BUGSINK_QUOTA", "1000"))
PY
}

manage() {
  (cd "$RUN_DIR" && "$ROOT/$VENV/bin/bugsink-manage" "$@")
}

# Starts gunicorn in the background and waits for /health/ready.
serve() {
  local quota=${1:-1000}
  # Detached, in its own session, holding none of this script's file descriptors.
  (cd "$RUN_DIR" && FAULTLINE_BUGSINK_QUOTA=$quota exec setsid "$ROOT/$VENV/bin/gunicorn" \
    --bind="127.0.0.1:$PORT" --workers=1 --worker-class=gthread --threads=4 \
    --no-control-socket --pid="$RUN_DIR/gunicorn.pid" \
    bugsink.wsgi) </dev/null >>"$RUN_DIR/gunicorn.log" 2>&1 &
  local deadline=$(( SECONDS + 30 ))
  until "$VENV/bin/python" - "$PORT" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health/ready", timeout=2).read()
PY
  do
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$RUN_DIR/gunicorn.log" >&2 || true
      die "not ready after 30 s (log: $RUN_DIR/gunicorn.log)"
    fi
    sleep 0.2
  done
}

# Creates a team, a project and a full-access API token; prints the KEY=value lines.
provision() {
  manage shell -c '
from teams.models import Team
from projects.models import Project
from bsmain.models import AuthToken
team = Team.objects.create(name="faultline")
project = Project.objects.create(team=team, name="faultline-tests", slug="faultline-tests")
token = AuthToken.create_full_access()
print(f"BUGSINK_TEAM={team.id}")
print(f"BUGSINK_PROJECT={project.id}")
print(f"BUGSINK_DSN={project.dsn}")
print(f"BUGSINK_TOKEN={token.token}")
'
}

# Stops gunicorn and its worker (one process group, from setsid) at once: a graceful stop
# waits for idle keep-alive connections, and a leftover worker keeps the port.
stop_server() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  local pidfile="$RUN_DIR/gunicorn.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -QUIT -- "-$pid" 2>/dev/null || true
  local deadline=$(( SECONDS + 10 ))
  while kill -0 -- "-$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      kill -KILL -- "-$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$pidfile"
}

ROOT=$PWD
case "${1:-}" in
  install)
    install
    ;;
  start)
    start=$SECONDS
    install
    stop_server
    if [ -f "$STATE" ]; then
      # shellcheck disable=SC1090
      . "$STATE"
      rm -rf "$RUN_DIR"
    fi
    log "previous server stopped ($(( SECONDS - start )) s)"
    RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/faultline-bugsink.XXXXXX")
    PORT=$(free_port)
    printf 'RUN_DIR=%s\nPORT=%s\n' "$RUN_DIR" "$PORT" > "$STATE"
    configure
    log "configured ($(( SECONDS - start )) s)"
    # Migrating an empty database takes seconds; a migrated copy (kept per version) is
    # checked by `migrate` in about one.
    template=$TOOLS/template-$BUGSINK_VERSION
    if [ -d "$template" ]; then
      cp "$template"/*.sqlite3 "$RUN_DIR/"
    fi
    manage migrate --no-input >"$RUN_DIR/migrate.log" 2>&1 || {
      tail -n 30 "$RUN_DIR/migrate.log" >&2
      die "migrate failed"
    }
    if [ ! -d "$template" ]; then
      mkdir -p "$template.tmp"
      cp "$RUN_DIR"/*.sqlite3 "$template.tmp/"
      mv "$template.tmp" "$template"
    fi
    log "migrated ($(( SECONDS - start )) s)"
    serve 1000
    log "serving ($(( SECONDS - start )) s)"
    # Django's shell prints its own notes; keep only our lines.
    { echo "BUGSINK_URL=http://127.0.0.1:$PORT"; provision | grep '^BUGSINK_'; } > "$TOOLS/env"
    log "running at http://127.0.0.1:$PORT (data in $RUN_DIR), ready in $(( SECONDS - start )) s"
    cat "$TOOLS/env"
    ;;
  stop)
    stop_server
    if [ -f "$STATE" ]; then
      # shellcheck disable=SC1090
      . "$STATE"
      rm -rf "$RUN_DIR" "$STATE" "$TOOLS/env"
    fi
    ;;
  restart)
    [ -f "$STATE" ] || die "not started"
    stop_server
    # shellcheck disable=SC1090
    . "$STATE"
    serve "${2:-1000}"
    ;;
  halt)
    # Stops the server but keeps its data and port, for `restart` (the offline test).
    stop_server
    ;;
  *)
    die "usage: $0 install|start|stop|restart [QUOTA]|halt"
    ;;
esac
