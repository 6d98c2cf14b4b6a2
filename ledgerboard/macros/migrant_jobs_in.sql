-- The 务工 ledger's jobs of an area and year (a null argument means "all").
create or replace macro migrant_jobs_in(y, c, t, v) as table
    select * from migrant_jobs
    where (y is null or year = y) and (c is null or county = c) and (t is null or township = t)
      and (v is null or village = v);
