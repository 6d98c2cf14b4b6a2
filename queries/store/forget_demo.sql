-- Drop the demo's archived rows once they are back (the same condition as restore_demo).
delete from {table}_archive
where archived_by = 'demo' and not exists (
    select 1 from import_batches where status = 'active' and origin <> 'demo'
)
