-- Delete the live rows of the snapshots an import replaces (after archiving them).
delete from {table} t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year and s.place is not distinct from t.{place}
)
