#!/usr/bin/env bash
# The production stack on loopback, for trying it by hand (`make prod-like`) and for the drills.
#
#   bash deploy/prod-like.sh            start everything, print the address, wait for Ctrl-C
#   source deploy/prod-like.sh          then `prodlike_start` / `prodlike_stop` (the CI drills)
#
# PostgreSQL (a fresh database on the local cluster, or with PRODLIKE_OWN_POSTGRES=1 a cluster of
# our own that the drills may restart), SeaweedFS S3, gunicorn (gthread) behind nginx ending TLS
# with a certificate made for this run, two task workers and housekeeping, all in production
# mode with a secret key and keys made for the run. Every process is stopped by its own PID.
# After prodlike_start the app's settings are exported in this shell, with PRODLIKE_URL,
# PRODLIKE_RUN (the run's folder: logs/, keys/, pids) and PRODLIKE_PG_* for the drills.

_pl_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../.ci/seaweedfs.sh
source "$_pl_root/.ci/seaweedfs.sh"
PRODLIKE_PYTHON="$_pl_root/.venv/bin/python"
PRODLIKE_RUN=""
_pl_pg_dir=""
_pl_db_created=""

_pl_log() { printf 'prod-like: %s\n' "$*"; }

_pl_free_ports() {
  "$PRODLIKE_PYTHON" -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
' "$1"
}

_pl_pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# Start a process in the background, note its PID in $PRODLIKE_RUN/pids with a name.
prodlike_spawn() {
  local name="$1"
  shift
  "$@" </dev/null >>"$PRODLIKE_RUN/logs/$name.log" 2>&1 &
  echo "$! $name" >>"$PRODLIKE_RUN/pids"
  _pl_log "$name: pid $!"
}

prodlike_start_worker() {
  prodlike_spawn "worker-$1" "$PRODLIKE_PYTHON" "$_pl_root/manage.py" task_worker \
    --no-reload --interval 0.5 --worker-id "prodlike-$1-$RANDOM"
}

prodlike_pg_restart() {
  runuser -u postgres -- "$(_pl_pg_bin)/pg_ctl" -D "$_pl_pg_dir/data" -m fast -w restart \
    -l "$_pl_pg_dir/postgres.log" >/dev/null
}

_pl_postgres() {
  local suffix
  suffix="$(date +%Y%m%d%H%M%S)_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  if [[ -n "${PRODLIKE_OWN_POSTGRES:-}" ]]; then
    # A cluster of our own on a free port, so restarting it disturbs no one else's database.
    local bin port
    bin="$(_pl_pg_bin)"
    read -r port <<<"$(_pl_free_ports 1)"
    _pl_pg_dir="$(mktemp -d /tmp/prodlike-pg.XXXXXX)"
    chown postgres: "$_pl_pg_dir"
    runuser -u postgres -- "$bin/initdb" -D "$_pl_pg_dir/data" -U root -A trust \
      --no-sync >"$_pl_pg_dir/initdb.log" 2>&1
    runuser -u postgres -- "$bin/pg_ctl" -D "$_pl_pg_dir/data" -w -l "$_pl_pg_dir/postgres.log" \
      -o "-p $port -k $_pl_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    PRODLIKE_PG_PORT="$port"
  else
    PRODLIKE_PG_PORT=5432
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
      # A fresh machine of this kind has the cluster installed but maybe not started.
      # shellcheck disable=SC2046  # one cluster version directory expected
      pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start || true
      local i
      for ((i = 0; i < 60; i++)); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 0.5
      done
    fi
    pg_isready -q -h 127.0.0.1 -p 5432 || { _pl_log "PostgreSQL is not answering on 5432"; return 1; }
  fi
  PRODLIKE_PG_DB="evidence_prodlike_$suffix"
  createdb -h 127.0.0.1 -p "$PRODLIKE_PG_PORT" -U root "$PRODLIKE_PG_DB"
  _pl_db_created=1
  export PRODLIKE_PG_PORT PRODLIKE_PG_DB PRODLIKE_PG_DIR="$_pl_pg_dir"
  export DATABASE_URL="postgres://root@127.0.0.1:$PRODLIKE_PG_PORT/$PRODLIKE_PG_DB"
  _pl_log "PostgreSQL: database $PRODLIKE_PG_DB on port $PRODLIKE_PG_PORT"
}

# nginx.conf for this run: our site file with the run's ports, name and certificate.
_pl_nginx_conf() {
  local https_port="$1" http_port="$2" app_port="$3" run="$PRODLIKE_RUN"
  mkdir -p "$run/nginx/body" "$run/nginx/proxy"
  sed -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$app_port;#" \
      -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
      -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
      -e "/listen \[::\]/d" \
      -e "s#server_name notes.example.org;#server_name 127.0.0.1 localhost;#" \
      -e "s#/etc/ssl/evidence-diary/fullchain.pem#$run/tls/cert.pem#" \
      -e "s#/etc/ssl/evidence-diary/privkey.pem#$run/tls/key.pem#" \
      -e "s#https://\$host\$request_uri#https://\$host:$https_port\$request_uri#" \
      "$_pl_root/deploy/nginx/evidence-diary.conf" >"$run/nginx/site.conf"
  cat >"$run/nginx/nginx.conf" <<EOF
# Made by deploy/prod-like.sh for one run. The workers stay root: the run's folder is root's.
user root;
worker_processes 2;
pid $run/nginx/nginx.pid;
error_log $run/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $run/nginx/body;
    proxy_temp_path $run/nginx/proxy;
    fastcgi_temp_path $run/nginx/proxy;
    uwsgi_temp_path $run/nginx/proxy;
    scgi_temp_path $run/nginx/proxy;
    sendfile on;
    keepalive_timeout 65;
    include $run/nginx/site.conf;
}
EOF
}

prodlike_start() {
  local saved_options
  saved_options="$(set +o)"
  set -euo pipefail
  PRODLIKE_RUN="$(mktemp -d /tmp/prodlike.XXXXXX)"
  export PRODLIKE_RUN
  mkdir -p "$PRODLIKE_RUN/logs" "$PRODLIKE_RUN/keys" "$PRODLIKE_RUN/tls" "$PRODLIKE_RUN/mail"
  : >"$PRODLIKE_RUN/pids"
  _pl_log "run folder $PRODLIKE_RUN"

  local https_port http_port app_port
  read -r https_port http_port app_port <<<"$(_pl_free_ports 3)"

  # A certificate for this run only; clients skip the check (it is on loopback).
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$PRODLIKE_RUN/tls/key.pem" -out "$PRODLIKE_RUN/tls/cert.pem" 2>/dev/null

  _pl_postgres
  seaweedfs_start
  export S3_BUCKET="$SEAWEEDFS_BUCKET" S3_ENDPOINT_URL="$SEAWEEDFS_ENDPOINT" \
    S3_ACCESS_KEY_ID="$SEAWEEDFS_ACCESS_KEY" S3_SECRET_ACCESS_KEY="$SEAWEEDFS_SECRET_KEY" \
    S3_REGION=us-east-1
  echo "$SEAWEEDFS_PID seaweedfs" >>"$PRODLIKE_RUN/pids"

  # Production mode, with a secret key and keys made for this run (each kept in its own file).
  (umask 077
   "$PRODLIKE_PYTHON" "$_pl_root/manage.py" make_keyset >"$PRODLIKE_RUN/keys/encryption_keyset.json"
   "$PRODLIKE_PYTHON" "$_pl_root/manage.py" make_signing_key >"$PRODLIKE_RUN/keys/pack_signing_key.pem")
  export DJANGO_ENV=production
  DJANGO_SECRET_KEY="$("$PRODLIKE_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))')"
  export DJANGO_SECRET_KEY
  export ENCRYPTION_KEYSET_FILE="$PRODLIKE_RUN/keys/encryption_keyset.json"
  export PACK_SIGNING_KEY_FILE="$PRODLIKE_RUN/keys/pack_signing_key.pem"
  export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
  export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$https_port,https://localhost:$https_port"
  export BEHIND_TLS_PROXY=1 ALLAUTH_TRUSTED_PROXY_COUNT=1
  export EMAIL_URL="filemail://$PRODLIKE_RUN/mail"
  export LOG_LEVEL=INFO
  export GUNICORN_BIND="127.0.0.1:$app_port" WEB_WORKERS="${WEB_WORKERS:-3}" WEB_THREADS="${WEB_THREADS:-4}"
  export PRODLIKE_URL="https://127.0.0.1:$https_port"

  "$PRODLIKE_PYTHON" "$_pl_root/manage.py" migrate --no-input -v0
  "$PRODLIKE_PYTHON" "$_pl_root/manage.py" createcachetable
  "$PRODLIKE_PYTHON" "$_pl_root/manage.py" collectstatic --no-input -v0
  "$PRODLIKE_PYTHON" "$_pl_root/manage.py" check --deploy --fail-level WARNING

  prodlike_spawn web "$_pl_root/.venv/bin/gunicorn" -c "$_pl_root/deploy/gunicorn.conf.py" \
    --chdir "$_pl_root" config.wsgi
  _pl_nginx_conf "$https_port" "$http_port" "$app_port"
  nginx -t -q -c "$PRODLIKE_RUN/nginx/nginx.conf" -e "$PRODLIKE_RUN/logs/nginx-error.log"
  prodlike_spawn nginx nginx -c "$PRODLIKE_RUN/nginx/nginx.conf" \
    -e "$PRODLIKE_RUN/logs/nginx-error.log" -g "daemon off;"
  prodlike_start_worker 1
  prodlike_start_worker 2
  prodlike_spawn housekeeping "$PRODLIKE_PYTHON" "$_pl_root/manage.py" housekeeping \
    --every "${HOUSEKEEPING_EVERY:-60}" -v0

  # Up when /healthz says so through nginx: database, storage and a worker's heartbeat.
  local deadline=$((SECONDS + 60))
  until curl -ksf -o /dev/null "$PRODLIKE_URL/healthz"; do
    if ((SECONDS >= deadline)); then
      _pl_log "/healthz did not answer 200 within 60 s:"
      curl -ks "$PRODLIKE_URL/healthz" || true
      tail -n 30 "$PRODLIKE_RUN"/logs/*.log
      return 1
    fi
    sleep 0.5
  done
  _pl_log "healthy: $(curl -ks "$PRODLIKE_URL/healthz")"
  eval "$saved_options"
}

# Idempotent and never fails: safe in an EXIT trap.
prodlike_stop() {
  local pid name i
  if [[ -n "$PRODLIKE_RUN" && -f "$PRODLIKE_RUN/pids" ]]; then
    while read -r pid name; do
      [[ "$name" == seaweedfs ]] && continue  # seaweedfs_stop below knows how
      kill -0 "$pid" 2>/dev/null || continue
      kill -TERM "$pid" 2>/dev/null || true
    done <"$PRODLIKE_RUN/pids"
    while read -r pid name; do
      [[ "$name" == seaweedfs ]] && continue
      for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        _pl_log "$name (pid $pid) still running after 10 s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      wait "$pid" 2>/dev/null || true
    done <"$PRODLIKE_RUN/pids"
    _pl_log "stopped web, nginx, workers and housekeeping"
  fi
  seaweedfs_stop
  if [[ -n "$_pl_db_created" ]]; then
    if [[ -z "$_pl_pg_dir" ]]; then
      dropdb -h 127.0.0.1 -p "$PRODLIKE_PG_PORT" -U root --if-exists "$PRODLIKE_PG_DB" || true
    fi
    _pl_db_created=""
  fi
  if [[ -n "$_pl_pg_dir" ]]; then
    runuser -u postgres -- "$(_pl_pg_bin)/pg_ctl" -D "$_pl_pg_dir/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
    rm -rf "$_pl_pg_dir"
    _pl_pg_dir=""
  fi
  if [[ -n "$PRODLIKE_RUN" ]]; then
    rm -rf "$PRODLIKE_RUN"
    PRODLIKE_RUN=""
  fi
  return 0
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  trap 'prodlike_stop' EXIT
  trap 'exit 130' INT TERM
  prodlike_start
  echo ""
  echo "  Evidence Diary (production mode) is at $PRODLIKE_URL/  (a certificate made for this run)"
  echo "  Health: $PRODLIKE_URL/healthz   Logs: $PRODLIKE_RUN/logs/   Ctrl-C stops everything."
  echo ""
  # Stop everything as soon as any of our processes dies.
  while true; do
    while read -r pid name; do
      if ! kill -0 "$pid" 2>/dev/null; then
        _pl_log "$name (pid $pid) stopped unexpectedly; last lines of its log:"
        tail -n 20 "$PRODLIKE_RUN/logs/$name.log" 2>/dev/null || true
        exit 1
      fi
    done <"$PRODLIKE_RUN/pids"
    sleep 1
  done
fi
