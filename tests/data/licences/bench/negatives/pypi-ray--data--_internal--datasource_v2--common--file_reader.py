from enum import Enum
from functools import cached_property, partial
from typing import Any, Iterator, List, Optional, Sequence, Set, Tuple

import pyarrow as pa
import pyarrow.dataset as pds
from pyarrow.fs import FileSystem, LocalFileSystem

from ray._common.utils import env_integer
from ray.data._internal.arrow_block import _BATCH_SIZE_PRESERVING_STUB_COL_NAME
from ray.data._internal.datasource_v2.common.synthesized_columns import (  # noqa: F401
    INCLUDE_PATHS_COLUMN_NAME,
    ROW_HASH_COLUMN_NAME,
    # Re-exported: the legacy ``ParquetDatasource`` imports it from here.
    _compute_row_hashes,
)
from ray.data._internal.datasource_v2.interfaces.file_manifest import FileManifest
from ray.data._internal.datasource_v2.interfaces.read_units import (
    ReadUnit,
    ReadUnitFragment,
)
from ray.data._internal.datasource_v2.interfaces.reader import Reader
from ray.data._internal.datasource_v2.interfaces.synthesized_columns import (
    ReadUnitPosition,
    SynthesizedColumn,
)
from ray.data._internal.util import iterate_with_retry, make_async_gen
from ray.data.context import DataContext
from ray.data.datasource.partitioning import Partitioning, PathPartitionParser
from ray.data.expressions import Expr
from ray.util.annotations import DeveloperAPI

# https://arrow.apache.org/docs/python/generated/pyarrow.dataset.Scanner.html#pyarrow.dataset.Scanner.from_batches
# Default is specified by PyArrow.
_ARROW_DEFAULT_BATCH_SIZE = 131_072

# Number of batches read ahead per scanner. PyArrow's default is 16,
# which can retain a multi-GB working set when scanning jumbo tensor
# columns. 8 keeps I/O pipelined on remote filesystems for typical
# Parquet workloads without doubling memory peak. Drop to 1 via the
# env var when reading wide tensor columns.
_ARROW_SCANNER_BATCH_READAHEAD = env_integer(
    "RAY_DATA_ARROW_SCANNER_BATCH_READAHEAD", 8
)


class FileFormat(str, Enum):
    PARQUET = "parquet"
    CSV = "csv"
    FEATHER = "feather"
    JSON = "json"
    ARROW = "arrow"
    IPC = "ipc"


@DeveloperAPI
class FileReader(Reader[FileManifest]):
    """Reader for file-based sources.

    This reader uses PyArrow's Dataset API which automatically handles:
    - Column pruning
    - Filter pushdown (row group pruning)
    - Batch-level filtering
    """

    def __init__(
        self,
        format: FileFormat,
        batch_size: int = _ARROW_DEFAULT_BATCH_SIZE,
        columns: Optional[List[str]] = None,
        predicate: Optional[Expr] = None,
        limit: Optional[int] = None,
        filesystem: Optional[FileSystem] = None,
        partitioning: Optional[Partitioning] = None,
        ignore_prefixes: Optional[List[str]] = None,
        synthesized_columns: Sequence[SynthesizedColumn] = (),
        schema: Optional[pa.Schema] = None,
    ):
        """Initialize the reader.
        Refer to https://arrow.apache.org/docs/python/generated/pyarrow.dataset.dataset.html for more details.

        Args:
            format: Format of the files to read.
            batch_size: Number of rows per batch.
            columns: Columns to read. None means all columns.
            predicate: Ray Data expression for filtering. Converted to a
                PyArrow expression at the scanner-kwargs boundary.
            limit: Maximum number of rows to read.
            filesystem: Filesystem for reading files.
            partitioning: Ray ``Partitioning`` object. Partition columns are
                synthesized per-path via ``PathPartitionParser`` after each
                batch is read, producing string-typed columns (V1 parity).
            ignore_prefixes: Prefixes to ignore when reading files. Default is ['.', '_'] set by PyArrow.
            synthesized_columns: Columns appended to every batch instead of
                being read from the file -- ``PathColumn`` for
                ``include_paths``, ``RowHashColumn`` for ``include_row_hash``.
                A same-named column found in a file is replaced. When any of
                them requires read unit boundaries, each unit is scanned on
                its own so batches never span two units.
            schema: Caller-supplied unified schema used both to override
                pyarrow's per-fragment inference (so a file whose column
                is all-null doesn't pin the type to ``null``) and to cast
                path-derived partition values to their target types when
                ``Partitioning(field_types=...)`` is set.

        """
        self._format = format
        self._columns = columns
        self._predicate = predicate
        self._batch_size = batch_size
        self._limit = limit
        self._filesystem = filesystem
        self._partition_parser: Optional[PathPartitionParser] = (
            PathPartitionParser(partitioning) if partitioning is not None else None
        )
        self._ignore_prefixes = ignore_prefixes
        self._synthesized_columns: Tuple[SynthesizedColumn, ...] = tuple(
            synthesized_columns
        )
        self._schema = schema

    @cached_property
    def _file_dataset_schema(self) -> Optional[pa.Schema]:
        """Schema passed to ``pds.dataset`` — partition keys and synthesized
        columns stripped out since those are appended post-read.

        Pinning the caller-supplied schema at the pyarrow layer is how
        we cover the "first file has an all-null column, later files
        have the real type" case (e.g.
        ``test_read_null_data_in_first_file``): without the pin,
        pyarrow locks column X to ``null`` across the fragment group
        and the later string-typed file fails the cast.

        But pyarrow refuses extension-to-extension casts (e.g.
        ``ArrowTensorTypeV2(shape=X)`` → ``ArrowVariableShapedTensor``),
        and files with different per-file tensor shapes only unify
        through ``ArrowVariableShapedTensor``. When the caller schema
        contains *any* extension column we skip the pin entirely and
        let pyarrow i