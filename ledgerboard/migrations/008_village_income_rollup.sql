-- Schema version 8: persons-weighted mean and median per-capita income of every village and year (a rollup,
-- see 005): the median needs every household of the village, too slow to recompute for 20 000 villages per page.
-- Rows come twice: per county (by_county, for a query filtered by county) and per township and village over
-- all counties (as a query without a county filter groups them, same-named villages of two counties together).
create table if not exists village_income_rollup (
    year integer not null,
    by_county boolean not null,
    county varchar,
    township varchar,
    village varchar,
    income_mean double,
    income_median double
);

-- The rollup rows a query of an area reads (a null argument means all).
create or replace macro village_income_rollup_in(y, cty, town, vil) as table
    select * from village_income_rollup
    where year = y
      and (case when cty is null then not by_county else by_county and county = cty end)
      and (town is null or township = town)
      and (vil is null or village = vil);
