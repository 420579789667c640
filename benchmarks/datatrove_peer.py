"""A peer in bench.py's run: datatrove on the same Parquet shards, in its own Python.

    PYTHON_WITH_DATATROVE benchmarks/datatrove_peer.py minhash|docstats OUT_DIR WORKERS SHARD...

``minhash`` is datatrove's MinHash deduplication stage 1 (``MinhashDedupSignature``: the
signatures of every document, written per bucket), configured like provscan's default
(5-word shingles, 12 buckets of 10 hashes); ``docstats`` is its document statistics
(``DocStats``: length, white-space, digit, upper-case, punctuation ratios, with histograms).
Both read the shards with ``ParquetReader`` on a ``LocalPipelineExecutor`` with one task
per shard and ``WORKERS`` processes, as datatrove's examples do. datatrove is not a
provscan dependency: install it in a separate environment
(``python -m venv /tmp/dt && /tmp/dt/bin/pip install 'datatrove[processing]' pyarrow``)
and give that Python to ``bench.py --datatrove /tmp/dt/bin/python``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main() -> None:
    stage, out, workers, *shards = sys.argv[1:]
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
    from datatrove.pipeline.readers import ParquetReader
    from datatrove.pipeline.stats import DocStats

    links = Path(tempfile.mkdtemp(prefix="dt-shards-"))
    for i, shard in enumerate(shards):  # the chosen shards, as one folder
        (links / f"{i:05d}.parquet").symlink_to(Path(shard).resolve())
    reader = ParquetReader(str(links), text_key="text", id_key="id")  # url for DocStats
    step = (MinhashDedupSignature(f"{out}/signatures",
                                  config=MinhashConfig(num_buckets=12, hashes_per_bucket=10))
            if stage == "minhash" else DocStats(f"{out}/stats"))
    LocalPipelineExecutor(pipeline=[reader, step], tasks=len(shards), workers=int(workers),
                          logging_dir=f"{out}/logs").run()


if __name__ == "__main__":
    main()
