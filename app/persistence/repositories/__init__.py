"""Queries, one module per aggregate. Lists are filtered and paged in SQL, never after fetching."""
