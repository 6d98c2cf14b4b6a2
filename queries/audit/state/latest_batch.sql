-- The newest active import that may hold rows of a year or the year before (multi-year files have no single year).
select batch_id, kind, file_name, imported_by, imported_at::varchar as imported_at,
       (select count(*) from import_batches where status = 'active' and imported_by is distinct from 'demo') as real_batches,
       (select count(*) from import_batches where imported_by = 'demo') as demo_batches
from import_batches
where status = 'active' and (year is null or year between $year - 1 and $year)
order by imported_at desc, batch_id desc
limit 1
