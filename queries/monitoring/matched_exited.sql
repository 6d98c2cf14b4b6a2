-- This year's 脱贫户 matched to a 2014–2020 建档立卡 household (same county, 户编号 or head ID). Only the 脱贫户 of a
-- county whose 建档立卡户台账 (any year to 2020) is imported are matched (exited_covered): which counties have it is
-- ledger_coverage's households column, so a county without that ledger is not counted as unmatched.
with exited as (
    select county, household_id, head_id_number
    from monitor_households_in($year, $county, $township, $village)
    where household_type = '脱贫户'
),

registered_counties as (
    select distinct county from ledger_coverage(null, $county, null, null) where households and year <= 2020
),

registered as (
    select distinct county, household_id, head_id_number
    from households
    where year <= 2020 and ($county is null or county = $county)
),

flagged as (
    select e.*, exists (select 1 from registered_counties c where c.county is not distinct from e.county) as covered
    from exited e
)

select
    count(*) as exited_poor_households,
    count(*) filter (where covered) as exited_covered,
    count(*) filter (where covered and exists (
        select 1 from registered r
        where r.county is not distinct from e.county
          and (r.household_id = e.household_id or r.head_id_number = e.head_id_number)
    )) as matched,
    (select count(*) from registered) as registered_households
from flagged e
