-- Mark a batch undone.
update import_batches set status = 'undone', undone_at = now()::timestamp where batch_id = $batch_id
