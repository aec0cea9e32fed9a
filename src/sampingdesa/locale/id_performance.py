"""Indonesian catalogue: speed at scale (bulk writes, benchmarks)."""

MESSAGES: dict[str, str] = {
    "{count} rows, each with the hash of its content": "{count} baris, masing-masing dengan hash isinya",
}
