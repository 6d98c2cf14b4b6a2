-- The live rows of {table} in the places an import replaces: (year, county, township, village) snapshots, or a
-- whole township where the user asked for it (incoming_snapshots.whole_township).
create or replace temp table replaced_rows as
select t.rowid as rid, t.batch_id, t.village
from {table} t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year
      and s.county is not distinct from t.county
      and s.township is not distinct from t.township
      and (s.whole_township or s.village is not distinct from t.village)
)
