-- Which imports each year's rows come from (rollups/version for every year at once), for the years the rollups
-- must be fresh for: those with ledger rows they summarise, and those built before (a year without rows now gets the
-- hash of no batch).
with data as (
    select distinct year, batch_id from households
    union
    select distinct year, batch_id from villages
    union
    select distinct year, batch_id from measures
),
years as (
    select year from data
    union
    select year from rollup_state
)
select y.year, md5(coalesce(string_agg(d.batch_id, ',' order by d.batch_id), '')) as version
from years y left join data d on d.year = y.year
group by y.year
order by y.year
