"""Export: the kept documents streamed back from their original shards."""
