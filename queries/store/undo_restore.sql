-- Bring back the rows the undone batch had replaced.
insert into {table} by name
select * exclude (archived_by) from {table}_archive where archived_by = $batch_id
