-- Rows of this batch that a later import outside its group moved to the archive ({table} is a fixed table name).
select count(*)
from {table}_archive a
where a.batch_id = $batch_id
  and a.archived_by not in (
      select batch_id from import_batches
      where batch_group = (select batch_group from import_batches where batch_id = $batch_id)
  )
