-- Schema version 7: registered households of a year by village and main cause, with the counts the incidence
-- and cause queries add up (a rollup, see 005): ~12 rows a village instead of ~140 households.
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

-- The rollup rows of an area (a null argument means all), filtered like households_in.
create or replace macro household_cause_rollup_in(y, cty, town, vil) as table
    select * from household_cause_rollup
    where (y is null or year = y)
      and (cty is null or county = cty)
      and (town is null or township = town)
      and (vil is null or village = vil);
