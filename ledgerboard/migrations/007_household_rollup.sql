-- Schema version 7: registered households of a year by village and main cause, with the counts the incidence
-- and cause queries add up (a rollup, see 005): ~12 rows a village instead of ~140 households.
-- Its macros are defined in ledgerboard/macros/ (one per file, re-applied on every start).
create table if not exists household_cause_rollup (
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    main_cause varchar,
    households bigint not null,
    population bigint,
    poor_households bigint not null,
    poor_population bigint,
    exited_households bigint not null,
    exited_population bigint
);
