-- Active real (not demo) imports outside this batch's import group: none left after its undo brings the demo back.
select count(*) as n
from import_batches
where status = 'active' and origin <> 'demo'
  and batch_group <> (select batch_group from import_batches where batch_id = $batch_id)
