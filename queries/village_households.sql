-- The registered households of one village in one year with their support-measure count (personal data masked by the caller).
select
    "group",
    household_id,
    head_name,
    head_id_number,
    household_size,
    attribute,
    main_cause,
    status,
    exit_year,
    income_per_capita,
    transfer_income,
    measures
from household_measures_in($year, $county, $township, $village)
where county is not distinct from $county and township is not distinct from $township
order by "group" nulls last, household_id nulls last, source_row
