-- Schema version 5: rollups, small tables derived from the ledgers that the page queries read instead of
-- aggregating millions of rows on every call. Each is rebuilt per year when the data changed
-- (ledgerboard.store.Store refreshes it before a query that reads it; queries/rollups/<table>.sql builds it).
-- Its macros are defined in ledgerboard/macros/ (one per file, re-applied on every start).
create table if not exists rollup_state (
    name varchar not null,
    year integer not null,
    version varchar not null,
    primary key (name, year)
);

-- Registered households of a year by village and by their number of support measures that year.
create table if not exists household_measure_rollup (
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    measures bigint not null,
    households bigint not null
);
