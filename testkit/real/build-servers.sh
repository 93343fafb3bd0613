#!/usr/bin/env bash
# Builds real lakeFS (lakefs + lakectl) and MinIO from the Go module proxy for the real-lakeFS test lane.
#
# Binaries are cached under ${LAKEFS_BACKUP_CACHE:-~/.cache/lakefs-backup}/<name>-<version>/, keyed by version: a
# second run with the same versions returns at once. Nothing is built from a repository checkout and no binary is
# committed. Usage:
#   testkit/real/build-servers.sh                 # lakeFS 1.84.0 and the pinned MinIO
#   testkit/real/build-servers.sh lakefs 1.84.0   # one lakeFS version only
#   testkit/real/build-servers.sh minio           # MinIO only
# Exit status: 0 when every requested binary is in the cache, 1 otherwise (the tests then skip the real lane and
# say why). Requires the Go toolchain (`go`) and access to the Go module proxy.
set -euo pipefail

LAKEFS_VERSION_DEFAULT=1.84.0
MINIO_VERSION_DEFAULT=v0.0.0-20260212201848-7aac2a2c5b7c
# lakeFS's own go.mod replaces delta-go; a wrapper module must repeat it (go install ignores replace directives).
DELTA_GO_REPLACE=github.com/treeverse/delta-go@v0.0.0-20260323095047-d2f80252d945
CACHE=${LAKEFS_BACKUP_CACHE:-$HOME/.cache/lakefs-backup}

command -v go >/dev/null || { echo "build-servers: no Go toolchain (go) on PATH; cannot build lakeFS or MinIO" >&2; exit 1; }
# One module of lakeFS's dependency graph is missing from the public checksum database.
export GONOSUMDB=${GONOSUMDB:+$GONOSUMDB,}github.com/treeverse
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=${CGO_ENABLED:-0}

log() { echo "build-servers: $*" >&2; }

# Temporary build directories are removed however the script ends (success, failure, interrupt).
WORKDIRS=()
cleanup() { [[ ${#WORKDIRS[@]} -eq 0 ]] || rm -rf "${WORKDIRS[@]}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# build_lakefs VERSION: lakefs, lakectl and (since 1.53.1) scripts/refs/lakefs-refs.py into $CACHE/lakefs-VERSION/
build_lakefs() {
  local version=$1 dir=$CACHE/lakefs-$1
  if [[ -x $dir/lakefs && -x $dir/lakectl ]]; then
    log "lakeFS $version cached in $dir"; return 0
  fi
  log "building lakeFS $version (cold: several minutes of module downloads)"
  mkdir -p "$CACHE"
  local work; work=$(mktemp -d "$CACHE/.lakefs-$version.XXXXXX")
  WORKDIRS+=("$work")
  # lakeFS's own replace directives (a wrapper module must repeat them), read from the release's go.mod; paths
  # inside lakeFS's repository (./...) cannot apply outside it and are left out.
  local info gomod replaces
  info=$(go mod download -json "github.com/treeverse/lakefs@v$version" 2>&1 || true)
  gomod=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<<"$info")
  if [[ ! -f $gomod ]]; then
    log "the Go module proxy does not serve lakeFS v$version: $(sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' <<<"$info")"
    return 1
  fi
  replaces=$(awk '/^replace[[:space:]]*\(/ {inside=1; next} inside && /^\)/ {inside=0; next}
      inside {print "replace " $0; next} /^replace[[:space:]]/ {print}' "$gomod" | grep -v '=>[[:space:]]*\.' || true)
  [[ $version != "$LAKEFS_VERSION_DEFAULT" ]] || grep -q "treeverse/delta-go" <<<"$replaces" \
    || replaces+=$'\n'"replace github.com/csimplestring/delta-go => ${DELTA_GO_REPLACE/@/ }"
  cat >"$work/go.mod" <<GOMOD
module lakefsbackup.test/lakefs-wrapper

go 1.24

require github.com/treeverse/lakefs v$version

$replaces
GOMOD
  cat >"$work/tools.go" <<'GOSRC'
//go:build tools

package tools

import (
	_ "github.com/treeverse/lakefs/cmd/lakectl"
	_ "github.com/treeverse/lakefs/cmd/lakefs"
)
GOSRC
  (
    cd "$work"
    go mod tidy
    local ldflags="-s -w -X github.com/treeverse/lakefs/pkg/version.Version=$version"
    go build -trimpath -ldflags "$ldflags" -o "$work/out/lakefs" github.com/treeverse/lakefs/cmd/lakefs
    go build -trimpath -ldflags "$ldflags" -o "$work/out/lakectl" github.com/treeverse/lakefs/cmd/lakectl
    local src; src=$(go list -m -f '{{.Dir}}' github.com/treeverse/lakefs)
    # scripts/refs/lakefs-refs.py exists since lakeFS 1.53.1
    if [[ -f $src/scripts/refs/lakefs-refs.py ]]; then
      cp "$src/scripts/refs/lakefs-refs.py" "$work/out/lakefs-refs.py"
      cp "$src/scripts/refs/requirements.txt" "$work/out/lakefs-refs-requirements.txt"
    fi
    chmod u+w "$work/out"/*
  )
  rm -rf "$dir"
  mv "$work/out" "$dir"
  log "lakeFS $version built into $dir"
}

# build_minio VERSION: minio into $CACHE/minio-VERSION/
build_minio() {
  local version=$1 dir=$CACHE/minio-$1
  if [[ -x $dir/minio ]]; then log "MinIO $version cached in $dir"; return 0; fi
  log "building MinIO $version"
  mkdir -p "$CACHE"
  local work; work=$(mktemp -d "$CACHE/.minio-$version.XXXXXX")
  WORKDIRS+=("$work")
  GOBIN="$work/out" go install -trimpath -ldflags "-s -w" "github.com/minio/minio@$version"
  rm -rf "$dir"
  mv "$work/out" "$dir"
  log "MinIO $version built into $dir"
}

case "${1:-all}" in
  all) build_lakefs "$LAKEFS_VERSION_DEFAULT"; build_minio "$MINIO_VERSION_DEFAULT" ;;
  lakefs) build_lakefs "${2:-$LAKEFS_VERSION_DEFAULT}" ;;
  minio) build_minio "${2:-$MINIO_VERSION_DEFAULT}" ;;
  *) echo "usage: $0 [all | lakefs [VERSION] | minio [VERSION]]" >&2; exit 2 ;;
esac
