-- The live rows of {table} (the areas ledger) in the (year, area) snapshots an import replaces.
create or replace temp table replaced_rows as
select t.rowid as rid, t.batch_id, null::varchar as village
from {table} t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year and s.area is not distinct from t.area
)
