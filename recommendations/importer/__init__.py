"""Bring existing action plans in from Excel (.xlsx) and CSV files.

The import runs in stages, each a module of its own, so that each can be tested alone:

1. `reading`: the uploaded bytes become a `Table` of cells (or an `ImportFileError` saying
   why the file cannot be read: empty, not a spreadsheet, password-protected...).
2. `headings`: the heading row is found and each column matched to a field by its heading.
3. `rows`: each row is interpreted into recommendations, actions and agencies, with per-row
   warnings and errors; the result is a `preview.Preview`, stored as JSON on the ImportBatch.
4. `services`: nothing is written until the user confirms; then the whole preview is written
   in one transaction through the core services, or nothing is.

`export` writes the reverse: an action plan workbook that this importer reads back unchanged.
"""
