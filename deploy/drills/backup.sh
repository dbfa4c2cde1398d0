#!/usr/bin/env bash
# Backup drill against the running prod-like stack: `backup`, then `restore` into a fresh
# database and a fresh bucket with the keys from the backup, then verify_diary, verify_evidence
# and the same counts as the live service. Prints how long each part took.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${PRODLIKE_RUN:?start the prod-like stack first (deploy/drills/run.sh does)}"
py=.venv/bin/python
counts() {
  "$py" manage.py shell -v0 -c '
from accounts.models import User; from diary.models import Incident, Revision
from evidence.models import Exhibit, Pack
print(User.objects.count(), Incident.objects.count(), Revision.objects.count(),
      Exhibit.objects.count(), Pack.objects.count())'
}
backup_dir="$PRODLIKE_RUN/backup"
before="$(counts)"
echo "backup drill: live service has users/notes/revisions/files/packs = $before"

started=$SECONDS
"$py" manage.py backup --to "$backup_dir/data" --keys-to "$backup_dir/keys"
backup_seconds=$((SECONDS - started))

restored_db="${PRODLIKE_PG_DB}_restored"
createdb -h 127.0.0.1 -p "$PRODLIKE_PG_PORT" -U root "$restored_db"
restored_bucket="${S3_BUCKET}-restored"
"$py" -c '
import os, sys, boto3
from botocore.config import Config
boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
             aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
             aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
             config=Config(s3={"addressing_style": "path"})).create_bucket(Bucket=sys.argv[1])
' "$restored_bucket"

# The restored service: a fresh database and bucket, and the keys from the backup.
started=$SECONDS
(
  export DATABASE_URL="postgres://root@127.0.0.1:$PRODLIKE_PG_PORT/$restored_db"
  export S3_BUCKET="$restored_bucket"
  export ENCRYPTION_KEYSET_FILE="$backup_dir/keys/encryption_keyset.json"
  export PACK_SIGNING_KEY_FILE="$backup_dir/keys/pack_signing_key.pem"
  "$py" manage.py restore --from "$backup_dir/data" --keys-from "$backup_dir/keys"
  restore_seconds=$((SECONDS - started))
  "$py" manage.py verify_diary
  "$py" manage.py verify_evidence
  after="$(counts)"
  echo "backup drill: restored service has users/notes/revisions/files/packs = $after"
  [[ "$after" == "$before" ]] || { echo "backup drill: FAILED, counts differ" >&2; exit 1; }
  echo "backup drill: passed; backup ${backup_seconds} s, restore ${restore_seconds} s," \
    "verified in $((SECONDS - started - restore_seconds)) s ($(du -sh "$backup_dir" | cut -f1))"
)
dropdb -h 127.0.0.1 -p "$PRODLIKE_PG_PORT" -U root "$restored_db"
