from typing import Sequence, overload

from ._array import Array
from ._field import Field
from ._schema import Schema
from .types import (
    ArrayInput,
    ArrowArrayExportable,
    ArrowSchemaExportable,
    ArrowStreamExportable,
)

class RecordBatch:
    """
    A two-dimensional batch of column-oriented data with a defined
    [schema][arro3.core.Schema].

    A `RecordBatch` is a two-dimensional dataset of a number of contiguous arrays, each
    the same length. A record batch has a schema which must match its arrays' datatypes.

    Record batches are a convenient unit of work for various serialization and
    computation functions, possibly incremental.
    """
    @overload
    def __init__(
        self,
        data: ArrowArrayExportable,
        *,
        schema: None = None,
        metadata: None = None,
    ) -> None: ...
    # @overload
    # def __init__(
    #     self,
    #     data: Sequence[ArrowArrayExportable],
    #     *,
    #     names: Sequence[str],
    #     schema: None = None,
    #     metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    # ) -> None: ...
    @overload
    def __init__(
        self,
        data: Sequence[ArrayInput],
        *,
        # names: None = None,
        schema: ArrowSchemaExportable,
        metadata: None = None,
    ) -> None: ...
    @overload
    def __init__(
        self,
        data: dict[str, ArrayInput],
        *,
        # names: None = None,
        schema: None = None,
        metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self,
        data: dict[str, ArrayInput],
        *,
        # names: None = None,
        schema: ArrowSchemaExportable,
        metadata: None = None,
    ) -> None: ...
    def __init__(
        self,
        data: ArrayInput | dict[str, ArrayInput],
        *,
        schema: ArrowSchemaExportable | None = None,
        metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    ) -> None: ...
    def __arrow_c_array__(
        self, requested_schema: object | None = None
    ) -> tuple[object, object]:
        """
        An implementation of the [Arrow PyCapsule
        Interface](https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html).
        This dunder method should not be called directly, but enables zero-copy data
        transfer to other Python libraries that understand Arrow memory.

        For example, you can call [`pyarrow.record_batch()`][pyarrow.record_batch] to
        convert this RecordBatch into a pyarrow RecordBatch, without copying memory.
        """
    def __arrow_c_schema__(self) -> object:
        """
        An implementation of the [Arrow PyCapsule
        Interface](https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html).
        This dunder method should not be called directly, but enables zero-copy data
        transfer to other Python libraries that understand Arrow memory.

        This allows Arrow consumers to inspect the data type of this RecordBatch. Then
        the consumer can ask the producer (in `__arrow_c_array__`) to cast the exported
        data to a supported data type.
        """
    def __eq__(self, other) -> bool: ...
    def __getitem__(self, key: int | str) -> Array: ...
    def __repr__(self) -> str: ...
    @overload
    @classmethod
    def from_arrays(
        cls,
        arrays: Sequence[ArrayInput],
        *,
        names: Sequence[str],
        schema: None = None,
        metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    ) -> RecordBatch: ...
    @overload
    @classmethod
    def from_arrays(
        cls,
        arrays: Sequence[ArrayInput],
        *,
        names: None = None,
        schema: ArrowSchemaExportable,
        metadata: None = None,
    ) -> RecordBatch: ...
    @classmethod
    def from_arrays(
        cls,
        arrays: Sequence[ArrayInput],
        *,
        names: Sequence[str] | None = None,
        schema: ArrowSchemaExportable | None = None,
        metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    ) -> RecordBatch:
        """Construct a RecordBatch from multiple Arrays

        Args:
            arrays: Equal-length arrays, one for each field in RecordBatch
            names: Names for the fields. If not passed, `schema` must be passed. Defaults to None.
            schema: Schema for the created batch. If not passed, `names` must be passed. Defaults to None.
            metadata: Optional metadata for the schema (if inferred). Defaults to None.

        Returns:
            _description_
        """
    @overload
    @classmethod
    def from_pydict(
        cls,
        mapping: dict[str, ArrayInput],
        *,
        schema: None = None,
        metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    ) -> RecordBatch: ...
    @overload
    @classmethod
    def from_pydict(
        cls,
        mapping: dict[str, ArrayInput],
        *,
        schema: ArrowSchemaExportable,
        metadata: None = None,
    ) -> RecordBatch: ...
    @classmethod
    def from_pydict(
        cls,
        mapping: dict[str, ArrayInput],
        *,
        schema: ArrowSchemaExportable | None = None,
        metadata: dict[str, str] | dict[bytes, bytes] | None = None,
    ) -> RecordBatch:
        """Construct a RecordBatch from Arrow arrays.

        Args:
            mapping: A mapping of strings to Arrays.
            schema: If not passed, will be inferred from the Mapping values. Defaults to None.
            metadata: Optional metadata for the schema (if inferred). Defaults to None.

        Returns:
            New RecordBatch.
        """
    @classmethod
    def from_struct_array(cls, struct_array: ArrowArrayExportable) -> RecordBatch:
        """Construct a RecordBatch from a StructArray.

        Each field in the StructArray will become a column in the resulting RecordBatch.

        Args:
            struct_array: Array to