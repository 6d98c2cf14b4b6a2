-- The registered households of one village in one year with their support-measure count (personal data masked by the caller).
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
    h."group",
    h.household_id,
    h.head_name,
    h.head_id_number,
    h.household_size,
    h.attribute,
    h.main_cause,
    h.status,
    h.exit_year,
    h.income_per_capita,
    h.transfer_income,
    coalesce(i.measures, 0) + coalesce(c.measures, 0) as measures
from households h
left join by_id i on i.head_id_number = h.head_id_number
left join by_code c on c.household_id = h.household_id
where h.year = $year
  and h.township is not distinct from $township
  and h.village = $village
order by h."group" nulls last, h.household_id nulls last, h.source_row
