"""The permission matrix: every URL of the app, for every role, answers the expected status,
to GET and to POST.

- `statuses.py`: the eight roles and the named profiles ({role: status}) rows are written with.
- `row.py`: a `Row` is one URL name, its path arguments, what GET answers and what POST does.
- `rows_*.py`: the rows, one module per area; `matrix.py` imports each of them by name.
- `world.py`: the objects the URLs point at, built once per test module here (and once per
  test for the tests elsewhere that walk every URL, through the `objects` fixture).
- `test_matrix.py`: the tests. A URL pattern without a row fails `test_every_url_has_a_row`.

A new URL: add a `Row` to the area's module. A new area: a new `rows_<area>.py`, imported in
`matrix.py`. A new object to point at: build it in `world.build_objects`."""
