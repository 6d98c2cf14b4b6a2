-- Schema version 4: household_measures_in counts only the measures of the area's households.
-- Version 3 counted every measure of the year before joining (~5 M rows in a province even for one village);
-- with an area chosen, the measures are first narrowed to the area's ID numbers / household codes (a semi-join).
create or replace macro household_measures_in(y, cty, town, vil) as table
    with h as (
        select * from households_in(y, cty, town, vil)
    ),

    by_id as (
        select head_id_number, count(*) as measures
        from measures
        where year = y and head_id_number is not null
          and (coalesce(cty, town, vil) is null or head_id_number in (select head_id_number from h))
        group by all
    ),

    by_code as (
        select household_id, count(*) as measures
        from measures
        where year = y and head_id_number is null and household_id is not null
          and (coalesce(cty, town, vil) is null or household_id in (select household_id from h))
        group by all
    )

    select h.*, coalesce(i.measures, 0) + coalesce(k.measures, 0) as measures
    from h
    left join by_id i on i.head_id_number = h.head_id_number
    left join by_code k on k.household_id = h.household_id;
