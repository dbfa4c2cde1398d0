#!/usr/bin/env bash
# `make load`: a fresh prod-like stack, LOAD_USERS accounts, then benchmarks/load.py (locust,
# headless) for LOAD_TIME. Fails on any failed request or fewer than LOAD_MIN_REQUESTS.
# Inside deploy/drills/run.sh the stack is already up (PRODLIKE_URL set) and is reused.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
users="${LOAD_USERS:-50}" duration="${LOAD_TIME:-3m}" min_requests="${LOAD_MIN_REQUESTS:-5000}"

if [[ -z "${PRODLIKE_URL:-}" ]]; then
  source deploy/prod-like.sh
  trap prodlike_stop EXIT
  prodlike_start
fi
.venv/bin/python deploy/drills/seed_load_users.py "$users"
csv="$PRODLIKE_RUN/load"
echo "load: $users users for $duration against $PRODLIKE_URL (think time ${LOAD_THINK_SECONDS:-1} s)"
rc=0
.venv/bin/locust -f benchmarks/load.py --headless --only-summary --host "$PRODLIKE_URL" \
  -u "$users" -r "${LOAD_SPAWN_RATE:-5}" -t "$duration" --stop-timeout 30 --csv "$csv" \
  --loglevel WARNING 2>&1 | tail -n 60 || rc=$?
.venv/bin/python - "$csv" "$min_requests" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "_stats.csv")))
print(f"\n| page kind | requests | failures | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|")
for row in rows:
    print(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
          f"{row['50%']} | {row['95%']} | {row['99%']} |")
total = next(row for row in rows if row["Name"] == "Aggregated")
requests, failures = int(total["Request Count"]), int(total["Failure Count"])
print(f"\nload: {requests} requests, {failures} failed")
if failures or requests < int(sys.argv[2]):
    sys.exit(f"load: FAILED (need 0 failures and at least {sys.argv[2]} requests)")
PY
exit "$rc"
