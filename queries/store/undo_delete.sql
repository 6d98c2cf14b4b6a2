-- Remove an undone batch's live rows.
delete from {table} where batch_id = $batch_id
