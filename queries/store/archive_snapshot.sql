-- Move the live rows of the snapshots an import replaces into the archive ({table} is a fixed table name).
insert into {table}_archive
select t.*, $batch_id as archived_by
from {table} t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year and s.place is not distinct from t.{place}
)
