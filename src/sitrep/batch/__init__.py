"""Batch: the whole pipeline over a large corpus, on local processes or a Dask cluster.

``inputs (JSON Lines, .jsonl.gz, .jsonl.zst, WARC, folders) → shards in an output folder``
(`sitrep/1` JSON Lines, or Parquet tables of documents, reports, events and entities) plus a
manifest of finished shards, so a crashed run resumes without redoing them.

    inputs.py    paths → work items, streamed in input order
    work.py      the per-document and per-partition work both engines share
    tables.py    a shard's records → the bytes of its JSON Lines or Parquet files
    manifest.py  the manifest of finished shards, written atomically
    local.py     the local engine (worker processes of this machine)
    cluster.py   the Dask engine (a LocalCluster, or any cluster by address)
    run.py       a run: partitions → engine → shards and manifest
"""

from sitrep.batch.run import BatchOptions, BatchSummary, EngineName, Progress, run_batch
from sitrep.batch.tables import OutputFormat

__all__ = ["BatchOptions", "BatchSummary", "EngineName", "OutputFormat", "Progress", "run_batch"]
