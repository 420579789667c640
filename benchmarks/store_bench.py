"""The cost of keeping the store on S3: a scan into a local store vs the same scan into
an ``s3://`` store (pull, scan on the local copy, push), an unchanged re-run on S3, and a
fresh machine's first pull. The S3 server is moto's, on loopback, started here: it shows
provscan's own overhead (hashing, listing, request count), not a real network's.

    python benchmarks/store_bench.py [--mb 100] [--profile full]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import PROVSCAN, measure
from corpus import generate, shard_paths

HERE = Path(__file__).parent


def moto_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("moto server did not start")


def store_mb(d: Path) -> float:
    return sum(p.stat().st_size for p in d.rglob("*") if p.is_file()) / 1e6


def sync_speeds(local: Path, tmp: Path, size: float) -> str:
    """Push a copy of a store to a new prefix and pull it into a fresh copy, in process."""
    from provscan.store.remote import RemoteStore

    shutil.copytree(local, tmp / "push-copy")
    t0 = time.perf_counter()
    pushed = RemoteStore("s3://bench/copy", local=tmp / "push-copy").push()
    t1 = time.perf_counter()
    pulled = RemoteStore("s3://bench/copy", local=tmp / "pull-copy").pull(must_exist=True)
    t2 = time.perf_counter()
    return (f"push {pushed.files} files {size:,.1f} MB in {t1 - t0:.2f} s "
            f"({size / (t1 - t0):,.0f} MB/s); pull {pulled.files} files in {t2 - t1:.2f} s "
            f"({size / (t2 - t1):,.0f} MB/s), checksums included")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=100, help="corpus size, MB of text")
    ap.add_argument("--profile", choices=["fast", "full"], default="full")
    args = ap.parse_args()
    import boto3

    corpus = generate(HERE / ".data", args.mb)
    files = [str(f) for f in shard_paths(corpus)]
    server, endpoint = moto_server()
    tmp = Path(tempfile.mkdtemp(prefix="provscan-store-bench-"))
    env = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint}
    os.environ.update(env)
    try:
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="bench")
        store = "s3://bench/store"
        scan = [*PROVSCAN, "scan", *files, "--name", "web", "-q", "--profile", args.profile]
        rows: list[tuple[str, dict[str, float]]] = []
        rows.append(("scan, local store", measure([*scan, "--store", str(tmp / "local")])))
        os.environ["PROVSCAN_CACHE_DIR"] = str(tmp / "machine-a")
        rows.append(("scan, s3:// store (pull+scan+push)", measure([*scan, "--store", store])))
        rows.append(("re-run unchanged, s3:// store", measure([*scan, "--store", store])))
        os.environ["PROVSCAN_CACHE_DIR"] = str(tmp / "machine-b")
        rows.append(("fresh machine: status (full pull)",
                     measure([*PROVSCAN, "status", "--store", store])))
        base = rows[0][1]["wall_s"]
        size = store_mb(tmp / "local")
        print(f"corpus {args.mb} MB of text, {args.profile} profile; store {size:,.1f} MB; "
              f"S3 = moto on loopback")
        print("| step | wall s | x local scan | tree RSS MB |\n|---|---|---|---|")
        for name, m in rows:
            print(f"| {name} | {m['wall_s']:.2f} | {m['wall_s'] / base:.2f} | "
                  f"{m['tree_rss_mb']:,.0f} |")
        print(sync_speeds(tmp / "local", tmp, size))
    finally:
        server.terminate()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
