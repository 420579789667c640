"""The Python API: a small typed surface over the library, on which the CLI is built."""
