"""Per-batch scanning: normalise, hash, sample, count; and the worker entry point."""
