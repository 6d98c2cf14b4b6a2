-- Active batches from the demo loader and from real uploads.
select
    count(*) filter (where imported_by = 'demo') as demo_batches,
    count(*) filter (where imported_by <> 'demo' or imported_by is null) as real_batches
from import_batches
where status = 'active'
