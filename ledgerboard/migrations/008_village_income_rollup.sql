-- Schema version 8: persons-weighted mean and median per-capita income of every village and year (a rollup,
-- see 005): the median needs every household of the village, too slow to recompute for 20 000 villages per page.
-- Rows come twice: per county (by_county, for a query filtered by county) and per township and village over
-- all counties (as a query without a county filter groups them, same-named villages of two counties together).
-- Its macros are defined in ledgerboard/macros/ (one per file, re-applied on every start).
create table if not exists village_income_rollup (
    year integer not null,
    by_county boolean not null,
    county varchar,
    township varchar,
    village varchar,
    income_mean double,
    income_median double
);
