-- This year's 脱贫户 matched to a 2014–2020 建档立卡 household (same county, 户编号 or head ID), where those
-- ledgers are imported for the county.
with exited as (
    select county, household_id, head_id_number
    from monitor_households_in($year, $county, $township, $village)
    where household_type = '脱贫户'
),

registered as (
    select distinct county, household_id, head_id_number
    from households
    where year <= 2020 and ($county is null or county = $county)
)

select
    count(*) as exited_poor_households,
    count(*) filter (where exists (
        select 1 from registered r
        where r.county is not distinct from e.county
          and (r.household_id = e.household_id or r.head_id_number = e.head_id_number)
    )) as matched,
    (select count(*) from registered) as registered_households
from exited e
