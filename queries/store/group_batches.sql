-- The active batches of one import group, newest first (the order they are undone in).
select batch_id, file_name
from import_batches
where batch_group = (select batch_group from import_batches where batch_id = $batch_id) and status = 'active'
order by imported_at desc, batch_id desc
