"""slant in Python: how news outlets frame the same events, measured in notebooks.

    >>> import slant
    >>> result = slant.analyze()            # the bundled sample corpus and lexicons
    >>> result.outlets                      # a polars DataFrame: one row per outlet × category

`analyze` runs the same code as the `slant analyze` command (a native module built from the
same library), so its tables are the command's, column for column: docs/SCHEMA.md in the
repository defines each one. A corpus is a path in any format the command reads, or a polars
or pandas DataFrame or a pyarrow Table with `id`, `outlet` and `text` columns (and `date` and
any metadata). Failures raise `SlantError` with the command line's message.
"""

from ._slant import SlantError, version
from .analysis import TABLES, Result, analyze, read
from .evidence import compare, keyness, kwic
from .lexicon import Lexicon

__version__ = version()

__all__ = [
    "analyze",
    "read",
    "Result",
    "kwic",
    "compare",
    "keyness",
    "Lexicon",
    "SlantError",
    "TABLES",
    "__version__",
]
