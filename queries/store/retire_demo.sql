-- Mark the demo's batches undone once their rows are dropped (the demo is about to be loaded again).
update import_batches set status = 'undone', undone_at = now()::timestamp where origin = 'demo' and status = 'active'
