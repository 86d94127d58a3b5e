#!/usr/bin/env bash
# Builds the API and the benchmark (Release), starts the S3 server unless TEST_S3_ENDPOINT is set, runs the benchmark, stops it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
ART=${BENCH_ARTIFACTS_PATH:-$ROOT/bin/bench-artifacts}
dotnet build Api -c Release --artifacts-path "$ART" -nologo -v q
dotnet build bench/EvidenceUpload -c Release --artifacts-path "$ART" -nologo -v q
if [ -z "${TEST_S3_ENDPOINT:-}" ]; then
  export S3_ENV_FILE=$(mktemp -u /tmp/evidence-bench-s3.XXXXXX.env)
  trap 'bash scripts/s3.sh stop' EXIT
  eval "$(bash scripts/s3.sh start)"
fi
dotnet "$ART/bin/EvidenceUpload/release/EvidenceUpload.dll" "$ART/bin/Api/release/Api.dll" "$ROOT"
