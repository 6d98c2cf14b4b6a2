-- A fingerprint of the store's contents: changes with every import and undo.
select count(*) as batches, max(imported_at)::varchar as last_import, max(undone_at)::varchar as last_undo
from import_batches
