"""The compiled scan core (provscan.scan._core), the readers' UTF-8 check
(provscan.sources._utf8) and the batch call of CLD2 (provscan.detect._cld2batch), built
by every install.

Everything else about the package is in pyproject.toml. The extension is optional: if
it cannot be compiled (no C compiler), the install still succeeds and provscan runs its
numpy reference implementation, saying so once (``provscan --version`` names the core).
The C sources and the vendored xxHash header are in src/provscan/_core/.
"""

import sys

from setuptools import Extension, setup

CORE = "src/provscan/_core"
SOURCES = ["module.c", "text.c", "minhash.c", "sig.c", "props.c"]
HEADERS = ["core.h", "unicode_tables.h", "xxhash.h"]
# -O3 for the loops; C11 for the rest. MSVC (not a target of the wheels) takes neither.
FLAGS = [] if sys.platform == "win32" else ["-O3", "-std=c11"]

setup(
    ext_modules=[
        Extension(
            "provscan.scan._core",
            sources=[f"{CORE}/{s}" for s in SOURCES],
            depends=[f"{CORE}/{h}" for h in HEADERS],
            include_dirs=[CORE],
            extra_compile_args=FLAGS,
            optional=True,
        ),
        # The readers' UTF-8 check: below the scan in the package layers, so its own module.
        Extension(
            "provscan.sources._utf8",
            sources=[f"{CORE}/utf8.c"],
            extra_compile_args=FLAGS,
            optional=True,
        ),
    ]
    # Language identification calls CLD2 in pycld2's own module once per batch (dlopen).
    + ([] if sys.platform == "win32" else [
        Extension(
            "provscan.detect._cld2batch",
            sources=[f"{CORE}/cld2batch.c"],
            extra_compile_args=FLAGS,
            libraries=["dl"],
            optional=True,
        ),
    ])
)
