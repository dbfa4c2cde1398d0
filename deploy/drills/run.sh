#!/usr/bin/env bash
# What CI runs against the prod-like stack (`make drills`): the fault drills, a 60-second load of
# 20 users, and the backup drill. The stale-job and orphan limits are shortened so the drills
# see housekeeping act within seconds; PostgreSQL is a cluster of our own so it can be restarted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export PRODLIKE_OWN_POSTGRES=1 HOUSEKEEPING_EVERY=3 \
  STALE_JOB_SILENT_SECONDS=20 STALE_JOB_NEVER_STARTED_SECONDS=600 ORPHAN_FILES_AFTER_SECONDS=10
source deploy/prod-like.sh
trap prodlike_stop EXIT
prodlike_start
step_started=$SECONDS
.venv/bin/python deploy/drills/faults.py pack preview postgres
LOAD_USERS="${DRILL_LOAD_USERS:-20}" LOAD_TIME="${DRILL_LOAD_TIME:-60s}" \
  LOAD_MIN_REQUESTS="${DRILL_LOAD_MIN_REQUESTS:-600}" bash deploy/drills/load.sh
bash deploy/drills/backup.sh
.venv/bin/python deploy/drills/faults.py s3
echo "drills: all passed in $((SECONDS - step_started)) s (after the stack came up)"
