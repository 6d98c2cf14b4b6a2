-- Delete the demo's rows after archiving them.
delete from {table}
where batch_id in (select batch_id from import_batches where origin = 'demo' and status = 'active')
