#!/usr/bin/env bash
# Nightly incremental scan and report, for cron or any scheduler.
#
#   pipelines/nightly.sh CONFIG.yaml STORE_DIR REPORTS_DIR [DECLARATION.yaml]
#
# STORE_DIR may be an object-store URI (s3://bucket/prefix): the store is then synced
# through a local copy (docs/store.md), and the lock and logs live in
# $PROVSCAN_STATE_DIR (default ~/.local/state/provscan/nightly/<store>) instead.
#
# - Scans only new and changed shards (unchanged ones are skipped by fingerprint,
#   deleted ones retired), then writes a dated report and compares it with the last one.
# - A lock (flock on STORE_DIR/.nightly.lock) makes sure two runs never overlap: a run
#   that finds the lock taken exits 75 (EX_TEMPFAIL) at once and changes nothing.
# - Logs go to STORE_DIR/logs/nightly-YYYYmmdd-HHMMSS.log (progress lines every 10 s).
# - Exit codes: 0 all shards scanned and reported; 1 some shards failed (the rest is
#   scanned and reported; see `provscan status --store STORE_DIR`); 2 configuration or
#   usage error; 75 another run holds the lock; 130 interrupted (re-run to resume).
#
# crontab example (02:30 every night):
#   30 2 * * * cd /srv/provscan && pipelines/nightly.sh configs/lake.yaml /srv/store /srv/reports configs/declaration.yaml
set -uo pipefail

if [[ $# -lt 3 ]]; then
    sed -n '2,20p' "$0" >&2
    exit 2
fi
config=$1 store=$2 reports=$3 declaration=${4:-}
provscan=${PROVSCAN:-provscan}
if [[ $store == *://* ]]; then
    state=${PROVSCAN_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/provscan}
    state="$state/nightly/$(printf '%s' "${store#*://}" | tr -c 'A-Za-z0-9._-' '_')"
else
    state=$store
fi
mkdir -p "$state/logs" "$reports"
log="$state/logs/nightly-$(date -u +%Y%m%d-%H%M%S).log"

exec 9>"$state/.nightly.lock"
if ! flock -n 9; then
    echo "$(date -u +%FT%TZ) another nightly run holds $state/.nightly.lock; exiting" | tee -a "$log" >&2
    exit 75
fi

(
    echo "$(date -u +%FT%TZ) scan: $config -> $store"
    "$provscan" scan --config "$config" --store "$store"
    scan_rc=$?
    echo "$(date -u +%FT%TZ) scan exit code $scan_rc"
    if [[ $scan_rc -ne 0 && $scan_rc -ne 1 ]]; then
        exit "$scan_rc"
    fi
    out="$reports/$(date -u +%Y-%m-%d)"
    previous=$(ls -1d "$reports"/20??-??-?? 2>/dev/null | grep -v "^$out$" | sort | tail -n 1)
    args=(report --store "$store" --out "$out")
    [[ -n "$declaration" ]] && args+=(--declaration "$declaration")
    [[ -n "$previous" && -f "$previous/summary.json" ]] && args+=(--previous "$previous")
    echo "$(date -u +%FT%TZ) report -> $out${previous:+ (compared with $previous)}"
    "$provscan" "${args[@]}"
    report_rc=$?
    echo "$(date -u +%FT%TZ) report exit code $report_rc"
    if [[ $report_rc -ne 0 ]]; then
        exit "$report_rc"
    fi
    exit "$scan_rc"
) >>"$log" 2>&1
rc=$?
echo "nightly finished with exit code $rc; log: $log"
exit $rc
