# shellcheck shell=bash
# Throwaway SeaweedFS (master + volume + filer + S3) for CI. Source this file, then:
#   trap seaweedfs_stop EXIT   # install the trap before starting
#   seaweedfs_start            # sets SEAWEEDFS_ENDPOINT/_BUCKET/_ACCESS_KEY/_SECRET_KEY
# Nothing is exported: pass the values only to the commands that need them.
# Override the binaries with WEED=... / SEAWEEDFS_PYTHON=... (default: the repo's .venv).

_sw_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEED="${WEED:-$_sw_root/.venv/bin/weed}"
SEAWEEDFS_PYTHON="${SEAWEEDFS_PYTHON:-$_sw_root/.venv/bin/python}"
SEAWEEDFS_PID=""
SEAWEEDFS_DIR=""
_sw_grpc_ports=()

_sw_fail() {
  echo "seaweedfs: $*" >&2
  if [[ -n "$SEAWEEDFS_DIR" && -f "$SEAWEEDFS_DIR/weed.log" ]]; then
    echo "--- last lines of $SEAWEEDFS_DIR/weed.log ---" >&2
    tail -n 40 "$SEAWEEDFS_DIR/weed.log" >&2 || true
  fi
  return 1
}

seaweedfs_start() {
  SEAWEEDFS_DIR="$(mktemp -d)"
  mkdir "$SEAWEEDFS_DIR/data"

  # Eight distinct free ports: all sockets are held open together so none repeats.
  # gRPC ports are set explicitly too; weed's default (http port + 10000) is neither
  # checked for being free nor valid above 55535.
  local ports
  ports="$("$SEAWEEDFS_PYTHON" -c '
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
')"
  local master master_grpc volume volume_grpc filer filer_grpc s3 s3_grpc
  read -r master master_grpc volume volume_grpc filer filer_grpc s3 s3_grpc <<<"$ports"
  _sw_grpc_ports=("master-grpc-$master_grpc" "volume-grpc-$volume_grpc"
                  "filer-grpc-$filer_grpc" "s3-grpc-$s3_grpc")

  # Random credentials per run; with -s3.config only these are accepted (without it
  # SeaweedFS accepts any key, or none).
  SEAWEEDFS_ACCESS_KEY="$("$SEAWEEDFS_PYTHON" -c 'import secrets; print("CI" + secrets.token_hex(9).upper())')"
  SEAWEEDFS_SECRET_KEY="$("$SEAWEEDFS_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(30))')"
  SEAWEEDFS_BUCKET="evidence-ci-$("$SEAWEEDFS_PYTHON" -c 'import secrets; print(secrets.token_hex(4))')"
  SEAWEEDFS_ENDPOINT="http://127.0.0.1:$s3"
  (umask 077; printf '{"identities":[{"name":"ci","credentials":[{"accessKey":"%s","secretKey":"%s"}],"actions":["Admin","Read","Write","List"]}]}\n' \
    "$SEAWEEDFS_ACCESS_KEY" "$SEAWEEDFS_SECRET_KEY" >"$SEAWEEDFS_DIR/s3.json")

  # -logtostderr: otherwise glog writes weed.INFO etc. into /tmp.
  # -s3.port.iceberg/-s3.port.lance=0: the S3 gateway would otherwise also listen on
  #   the fixed ports 8181 and 9101.
  # -volume.max=100: the default 8 is used up by the first two buckets (each bucket is a
  #   collection that grows 7 volumes; they are sparse files, so this costs no disk).
  # *.localSocket: default to /tmp/seaweedfs-*.sock; the gRPC unix sockets have no
  #   flag and always go to /tmp, so seaweedfs_stop removes those.
  # `&` must stay on this simple command so that $! is weed itself, not a subshell.
  "$WEED" -logtostderr server \
    -dir="$SEAWEEDFS_DIR/data" \
    -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -master.telemetry=false -master.resumeState=false -volume.preStopSeconds=0 \
    -master.port="$master" -master.port.grpc="$master_grpc" \
    -volume.port="$volume" -volume.port.grpc="$volume_grpc" -volume.max=100 \
    -filer -filer.port="$filer" -filer.port.grpc="$filer_grpc" \
    -filer.localSocket="$SEAWEEDFS_DIR/filer.sock" \
    -s3 -s3.port="$s3" -s3.port.grpc="$s3_grpc" \
    -s3.port.iceberg=0 -s3.port.lance=0 \
    -s3.localSocket="$SEAWEEDFS_DIR/s3.sock" \
    -s3.config="$SEAWEEDFS_DIR/s3.json" \
    </dev/null >"$SEAWEEDFS_DIR/weed.log" 2>&1 &
  SEAWEEDFS_PID=$!
  echo "seaweedfs: pid $SEAWEEDFS_PID, S3 on $SEAWEEDFS_ENDPOINT, log $SEAWEEDFS_DIR/weed.log"

  # Wait (at most 60 s) until S3 answers HTTP at all; 403 for an unsigned request is fine.
  local deadline=$((SECONDS + 60))
  until "$SEAWEEDFS_PYTHON" - "$SEAWEEDFS_ENDPOINT" <<'EOF'
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass
except OSError:
    sys.exit(1)
EOF
  do
    kill -0 "$SEAWEEDFS_PID" 2>/dev/null || _sw_fail "weed exited during start-up" || return 1
    ((SECONDS < deadline)) || _sw_fail "S3 did not answer within 60 s" || return 1
    sleep 0.2
  done

  # Create the bucket, then prove keys are checked: a wrong secret must be refused.
  S3_ENDPOINT_URL="$SEAWEEDFS_ENDPOINT" S3_BUCKET="$SEAWEEDFS_BUCKET" \
  S3_ACCESS_KEY_ID="$SEAWEEDFS_ACCESS_KEY" S3_SECRET_ACCESS_KEY="$SEAWEEDFS_SECRET_KEY" \
  "$SEAWEEDFS_PYTHON" - <<'EOF' || _sw_fail "bucket creation or credential check failed" || return 1
import os, sys, boto3
from botocore.config import Config
from botocore.exceptions import ClientError

def client(secret):
    return boto3.client(
        "s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"], aws_secret_access_key=secret,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                      retries={"mode": "standard", "max_attempts": 5}))

bucket = os.environ["S3_BUCKET"]
client(os.environ["S3_SECRET_ACCESS_KEY"]).create_bucket(Bucket=bucket)
try:
    client("wrong-" + os.environ["S3_SECRET_ACCESS_KEY"]).head_bucket(Bucket=bucket)
except ClientError as e:
    print(f"seaweedfs: bucket {bucket} created; wrong secret refused "
          f"({e.response['Error']['Code']})")
else:
    sys.exit("seaweedfs: a WRONG secret key was accepted: S3 credentials are not "
             "being checked (is -s3.config honoured?)")
EOF
}

# Idempotent and never fails, so it is safe in an EXIT trap even if start never ran.
seaweedfs_stop() {
  local pid="$SEAWEEDFS_PID" i
  SEAWEEDFS_PID=""
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    # A clean SIGTERM shutdown takes 15-25 s; give it 5 s, then SIGKILL.
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "seaweedfs: still running after 5 s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    echo "seaweedfs: stopped pid $pid"
  fi
  local s
  for s in "${_sw_grpc_ports[@]}"; do
    rm -f "/tmp/seaweedfs-$s.sock"
  done
  _sw_grpc_ports=()
  if [[ -n "$SEAWEEDFS_DIR" ]]; then
    rm -rf "$SEAWEEDFS_DIR"
    SEAWEEDFS_DIR=""
  fi
  return 0
}
