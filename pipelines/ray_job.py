"""Scan and report on a Ray cluster, for `ray job submit`, cron or any scheduler.

    python pipelines/ray_job.py --config configs/lake.yaml --store /shared/store \
        [--ray-address ray://head:10001] [--workers N] [--report-out DIR] \
        [--declaration configs/declaration.yaml]

The store (and the input paths of the config) must be on a filesystem that every Ray
node mounts at the same path: workers write their manifest parts there themselves.
provscan must be installed on every node (no runtime_env is used; nothing is
downloaded at run time).

Exit codes: 0 every unit scanned and the report written; 1 some units failed (the
rest is scanned and reported; see `provscan status --store STORE`); 2 configuration or
usage error; 130 interrupted (finished units are kept: re-run to resume).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from urllib.parse import urlsplit

from provscan.cli.progress import ScanProgress
from provscan.common.fs import is_remote
from provscan.config import load_config
from provscan.errors import ProvscanError
from provscan.executors import make_executor
from provscan.report import run_report
from provscan.scan.run import run_scan
from provscan.store.remote import store_root

EXIT_OK, EXIT_FAILED_UNITS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Scan and report on a Ray cluster.",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="YAML scan config (sources, options)")
    p.add_argument("--store", help="store directory on the shared filesystem "
                   "(default: `store:` of the config)")
    p.add_argument("--ray-address", default=os.environ.get("RAY_ADDRESS"),
                   help="cluster to join, e.g. ray://head:10001 or auto "
                   "(default: $RAY_ADDRESS, else a local Ray instance)")
    p.add_argument("--workers", type=int, help="units in flight (default: the config's "
                   "workers, else every CPU of the cluster)")
    p.add_argument("--report-out", help="report directory (default: STORE/report; "
                   "./report for an s3:// store)")
    p.add_argument("--declaration", help="the provider's declaration (YAML) for the report")
    p.add_argument("--no-report", action="store_true", help="scan only")
    return p


PROBE_SECONDS = 5.0  # how long to wait for the head's port to accept a connection


def _probe(address: str) -> None:
    """Fail fast when nothing listens at ``host:port`` or ``ray://host:port``.

    ``ray.init`` retries an unreachable GCS for many minutes before giving up; a plain
    TCP connect tells a wrong host or port in seconds. ``auto`` and addresses without a
    port are left to Ray.
    """
    try:
        parts = urlsplit(address if "://" in address else f"gcs://{address}")
        host, port = parts.hostname, parts.port
    except ValueError:  # a port that is not a number: let Ray say what is wrong
        return
    if not host or port is None:
        return
    try:
        socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
    except OSError as e:
        reason = "timed out" if isinstance(e, TimeoutError) else (e.strerror or str(e))
        raise ConnectionError(f"nothing accepts connections at {host}:{port} ({reason}); "
                              "is the Ray head running there?") from e


def _join(address: str) -> int:
    """Join the cluster (the executor then reuses the connection) and count its CPUs."""
    import ray

    _probe(address)
    ray.init(address=address, include_dashboard=False, log_to_driver=False)
    return max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ProvscanError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    store = args.store or config.store
    if not store:
        print("error: give --store DIR (or `store:` in the config)", file=sys.stderr)
        return EXIT_USAGE
    address = args.ray_address or None
    workers = args.workers or config.options.workers
    joined = False
    try:
        if address:  # join before the store is touched: a bad address changes nothing
            joined = True
            cpus = _join(address)
            workers = workers or cpus
        elif not workers:
            workers = config.options.resolved_workers()
        # An s3:// store is worked on through its local copy (docs/store.md).
        with store_root(store, write=True, must_exist=False) as root:
            summary = run_scan(config, root, make_executor("ray", workers, address),
                               ScanProgress(), command="ray_job")
        print(f"scanned {summary.units_done} units ({summary.units_skipped} unchanged), "
              f"{summary.docs:,} documents in {summary.seconds:.1f}s into {store}")
        for _, err in summary.failures:
            print(f"FAILED: {err}", file=sys.stderr)
        if not args.no_report:
            out = args.report_out or ("report" if is_remote(store) else str(root / "report"))
            for line in run_report(root, out, declaration=args.declaration):
                print(line)
        return EXIT_OK if summary.ok else EXIT_FAILED_UNITS
    except KeyboardInterrupt:
        print("interrupted: finished units are kept; run the same job to resume",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except ProvscanError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except ConnectionError as e:  # raised by ray.init: wrong address, token or version
        print(f"error: cannot join the Ray cluster at {address}: {e}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if joined:
            import ray

            ray.shutdown()


if __name__ == "__main__":
    sys.exit(main())
