-- The import history, newest first, with how many of each batch's rows are still live.
select
    batch_id, file_name, kind, year, township, rows_read, rows_imported, rows_rejected,
    households, persons, replaced_rows, imported_at, imported_by, status, undone_at, sha256
from import_batches
order by imported_at desc, batch_id desc
