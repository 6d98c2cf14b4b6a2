-- The households of one village's monitoring export in one year (personal data masked by the caller).
select
    "group", household_id, head_name, head_id_number, household_size, household_type, monitor_type, identified_date,
    coalesce(risks[1], '') as risk,
    risk_eliminated,
    elimination_method,
    eliminated_date,
    income_per_capita,
    array_to_string(coalesce(measures, []), '、') as measures
from monitor_households_in($year, $county, $township, $village)
where county is not distinct from $county and township is not distinct from $township
order by monitor_type nulls last, "group" nulls last, household_id
