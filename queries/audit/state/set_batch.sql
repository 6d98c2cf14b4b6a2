-- The import whose state before it the audit rebuilds (read by before_batch.sql through getvariable).
set variable audit_batch = $batch_id
