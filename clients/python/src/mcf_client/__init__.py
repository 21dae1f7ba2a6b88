"""The typed Python client of MCF's public API (generated; see clients/python/README.md)."""
