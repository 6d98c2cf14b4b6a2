-- Rows of this batch that a later import moved to the archive ({table} is a fixed table name).
select count(*) from {table}_archive where batch_id = $batch_id
