-- The live rows of {table} (projects and their village links: a project belongs to a township) in the
-- (year, county, township) snapshots an import replaces.
create or replace temp table replaced_rows as
select t.rowid as rid, t.batch_id, null::varchar as village
from {table} t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year
      and s.county is not distinct from t.county
      and s.township is not distinct from t.township
)
