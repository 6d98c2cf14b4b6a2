-- Move the rows in replaced_rows into the archive, marked with the batch that replaced them.
insert into {table}_archive by name
select t.*, $batch_id as archived_by
from {table} t
where t.rowid in (select rid from replaced_rows)
