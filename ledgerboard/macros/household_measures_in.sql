-- Registered households of a year and area with their number of support measures that year (matched by the head's
-- ID number, else by the household code); the measures are narrowed to the area's households when an area is chosen.
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
