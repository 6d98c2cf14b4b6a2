-- One import batch.
select * from import_batches where batch_id = $batch_id
