"""The read-only API for the partnership's reporting tools (Power BI, Excel), at /api/v1/.

It reads exactly what the pages read: the same `for_user` querysets, the same list queries and
FilterSets (assurance/listing.py, assurance/filters.py, reviews/filters.py), the same rules.
It signs in by personal API token only (scr_tracker/accounts/api_tokens.py), never by session.
docs/api.md is the guide."""
