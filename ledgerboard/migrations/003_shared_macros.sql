-- Schema version 3: building blocks shared by the project and support-measure queries.

-- Projects of a year in an area; a village keeps the projects that reach it (named, or 全乡/全镇).
create or replace macro projects_in(y, cty, town, vil) as table
    select p.*
    from projects p
    where p.year = y
      and (cty is null or p.county = cty)
      and (town is null or p.township = town)
      and (vil is null or p.project_key in (
          select l.project_key from project_village_links l where l.year = y and l.village = vil));

-- Villages known in a year and area, from the villages ledger or the households snapshot.
create or replace macro known_villages_in(y, cty, town, vil) as table
    select township, village from villages_in(y, cty, town, vil)
    union
    select township, village from households_in(y, cty, town, vil) where village is not null;

-- Registered households of a year and area with their number of support measures that year
-- (matched by the head's ID number, else by the household code).
create or replace macro household_measures_in(y, cty, town, vil) as table
    with by_id as (
        select head_id_number, count(*) as measures
        from measures
        where year = y and head_id_number is not null
        group by all
    ),

    by_code as (
        select household_id, count(*) as measures
        from measures
        where year = y and head_id_number is null and household_id is not null
        group by all
    )

    select h.*, coalesce(i.measures, 0) + coalesce(k.measures, 0) as measures
    from households_in(y, cty, town, vil) h
    left join by_id i on i.head_id_number = h.head_id_number
    left join by_code k on k.household_id = h.household_id;
