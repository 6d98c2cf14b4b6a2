-- Active batches from the demo loader and from real imports (by origin, which only the code sets).
select
    count(*) filter (where origin = 'demo') as demo_batches,
    count(*) filter (where origin <> 'demo') as real_batches
from import_batches
where status = 'active'
