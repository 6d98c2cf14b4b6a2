-- Registered households of one year in an area by their number of support measures (0, 1, 2, …).
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
)

select
    coalesce(i.measures, 0) + coalesce(c.measures, 0) as measures,
    count(*) as households
from households h
left join by_id i on i.head_id_number = h.head_id_number
left join by_code c on c.household_id = h.household_id
where h.year = $year
  and ($county is null or h.county = $county)
  and ($township is null or h.township = $township)
  and ($village is null or h.village = $village)
group by all
order by measures
