-- Drop the demo's rows from the archive of {table} before the demo is loaded again (the store holds no real rows).
delete from {table}_archive
where batch_id in (select batch_id from import_batches where origin = 'demo')
