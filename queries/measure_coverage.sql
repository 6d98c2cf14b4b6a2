-- Registered households of one year in an area that have at least one support measure that year.
select
    count(*) as registered_households,
    count(*) filter (where measures >= 1) as covered_households
from household_measures_in($year, $county, $township, $village)
