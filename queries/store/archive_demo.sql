-- Move the demo's rows aside (into the archive, marked 'demo') when the first real ledger arrives.
insert into {table}_archive by name
select t.*, 'demo' as archived_by
from {table} t
where t.batch_id in (select batch_id from import_batches where origin = 'demo' and status = 'active')
