"""Near-duplicate clusters over a whole store, from the MinHash band keys of the scan.

See docs/near-duplicates.md for the method, its defaults and how to re-derive the
clusters with SQL.
"""

from provscan.dedup.cluster import OUTPUT_SCHEMA, ClusterStats, cluster
from provscan.dedup.run import cluster_store

__all__ = ["OUTPUT_SCHEMA", "ClusterStats", "cluster", "cluster_store"]
