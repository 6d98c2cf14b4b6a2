-- Registered households of one year in an area that have at least one support measure that year.
with covered_ids as (
    select distinct head_id_number from measures where year = $year and head_id_number is not null
),

covered_codes as (
    select distinct household_id from measures
    where year = $year and head_id_number is null and household_id is not null
)

select
    count(*) as registered_households,
    count(*) filter (
        where head_id_number in (select head_id_number from covered_ids)
           or household_id in (select household_id from covered_codes)
    ) as covered_households
from households_in($year, $county, $township, $village)
