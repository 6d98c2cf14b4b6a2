-- Support measures (帮扶措施) per registered household by village in one year, and households with fewer than $min_measures.
with by_id as (
    select head_id_number, count(*) as measures
    from measures
    where year = $year and head_id_number is not null
    group by all
),

by_code as (
    select household_id, count(*) as measures
    from measures
    where year = $year and head_id_number is null and household_id is not null
    group by all
),

per_household as (
    select
        h.township,
        h.village,
        coalesce(i.measures, 0) + coalesce(c.measures, 0) as measures
    from households h
    left join by_id i on i.head_id_number = h.head_id_number
    left join by_code c on c.household_id = h.household_id
    where h.year = $year
      and ($county is null or h.county = $county)
      and ($township is null or h.township = $township)
      and ($village is null or h.village = $village)
)

select
    township,
    village,
    count(*) as registered_households,
    sum(measures)::bigint as measures,
    round(sum(measures) / count(*), 2) as measures_per_household,
    count(*) filter (where measures >= 1) as covered_households,
    count(*) filter (where measures < $min_measures) as below_min_households
from per_household
group by all
order by measures_per_household, township, village
