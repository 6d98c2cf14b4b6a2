-- The import history, newest first: every batch with its origin (demo | upload | cli) and its import group.
select
    batch_id, file_name, kind, year, county, township, rows_read, rows_imported, rows_rejected,
    households, persons, replaced_rows, imported_at, imported_by, status, undone_at, sha256, origin, batch_group
from import_batches
order by imported_at desc, batch_id desc
