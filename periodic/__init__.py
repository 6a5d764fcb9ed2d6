"""The periodic job runner: `manage.py periodic` runs every due job, one node at a time
(docs/periodic.md)."""
