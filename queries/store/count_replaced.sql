-- How many live rows (and of which batches) an import of these snapshots would replace.
select t.batch_id, count(*) as rows
from {table} t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year and s.place is not distinct from t.{place}
)
group by t.batch_id
