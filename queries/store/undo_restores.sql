-- Rows an undo of this batch's import group brings back from the archive, by the file they came from ({table} is a fixed table name).
select coalesce(b.file_name, a.batch_id) as file_name, b.origin, count(*) as n
from {table}_archive a
left join import_batches b on b.batch_id = a.batch_id
where a.archived_by in (
    select batch_id from import_batches
    where batch_group = (select batch_group from import_batches where batch_id = $batch_id) and status = 'active'
)
group by all
order by file_name
