-- Demo rows an undone batch had replaced stay aside with the rest of the demo (restore_demo brings them all back
-- once no real rows remain), never restored beside real rows.
update {table}_archive
set archived_by = 'demo'
where archived_by = $batch_id
  and batch_id in (select batch_id from import_batches where origin = 'demo')
