-- Schema version 5: rollups, small tables derived from the ledgers that the page queries read instead of
-- aggregating millions of rows on every call. Each is rebuilt per year when the data changed
-- (ledgerboard.store.Store refreshes it before a query that reads it; queries/rollups/<table>.sql builds it).
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

-- household_measures_in without the semi-join when no area is chosen (version 4 ran it over every household):
-- the two branches are exclusive and the optimizer drops the one whose condition is false.
create or replace macro household_measures_in(y, cty, town, vil) as table
    with h as (
        select * from households_in(y, cty, town, vil)
    ),

    ids as (
        select head_id_number from measures
        where year = y and head_id_number is not null and coalesce(cty, town, vil) is null
        union all
        select head_id_number from measures
        where year = y and head_id_number is not null and coalesce(cty, town, vil) is not null
          and head_id_number in (select head_id_number from h)
    ),

    codes as (
        select household_id from measures
        where year = y and head_id_number is null and household_id is not null and coalesce(cty, town, vil) is null
        union all
        select household_id from measures
        where year = y and head_id_number is null and household_id is not null and coalesce(cty, town, vil) is not null
          and household_id in (select household_id from h)
    ),

    by_id as (
        select head_id_number, count(*) as measures from ids group by all
    ),

    by_code as (
        select household_id, count(*) as measures from codes group by all
    )

    select h.*, coalesce(i.measures, 0) + coalesce(k.measures, 0) as measures
    from h
    left join by_id i on i.head_id_number = h.head_id_number
    left join by_code k on k.household_id = h.household_id;

-- The measure rollup of a year and area, filtered like households_in.
create or replace macro household_measure_rollup_in(y, cty, town, vil) as table
    select * from household_measure_rollup
    where year = y
      and (cty is null or county = cty)
      and (town is null or township = town)
      and (vil is null or village = vil);
