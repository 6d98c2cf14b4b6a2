-- Registered households of one year in an area that have at least one support measure that year.
-- reads: household_measure_rollup
select
    coalesce(sum(households), 0)::bigint as registered_households,
    coalesce(sum(households) filter (where measures >= 1), 0)::bigint as covered_households
from household_measure_rollup_in($year, $county, $township, $village)
