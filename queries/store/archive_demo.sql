-- Move the demo's rows into the archive when the first real ledger arrives.
insert into {table}_archive
select t.*, $batch_id as archived_by
from {table} t
where t.batch_id in (select batch_id from import_batches where imported_by = 'demo' and status = 'active')
