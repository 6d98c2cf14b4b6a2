-- Drop restored rows from the archive.
delete from {table}_archive where archived_by = $batch_id
