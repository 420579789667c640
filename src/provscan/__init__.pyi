from provscan.api import ColumnMap as ColumnMap
from provscan.api import ConfigError as ConfigError
from provscan.api import Declared as Declared
from provscan.api import HFCache as HFCache
from provscan.api import InputError as InputError
from provscan.api import ProvscanError as ProvscanError
from provscan.api import QueryError as QueryError
from provscan.api import ScanOptions as ScanOptions
from provscan.api import ScanSummary as ScanSummary
from provscan.api import Store as Store
from provscan.api import StoreError as StoreError
from provscan.api import Verdict as Verdict

__version__: str
__all__: list[str]
