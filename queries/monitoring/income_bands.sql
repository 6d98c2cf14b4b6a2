-- Households by per-capita net income band ($band 元 wide; $cap and above one band): 脱贫户 and 监测对象 (a
-- 脱贫不稳定户 is in both groups), with the monitoring line of each household's county (null where none is set).
with snapshot as (
    select
        household_type = '脱贫户' as exited_poor,
        monitor_type is not null as monitored,
        income_per_capita,
        monitoring_line(year, county) as line
    from monitor_households_in($year, $county, $township, $village)
    where income_per_capita is not null
),

grouped as (
    select '脱贫户' as "group", income_per_capita, line from snapshot where exited_poor
    union all
    select '监测对象' as "group", income_per_capita, line from snapshot where monitored
)

select
    "group",
    least(greatest(floor(income_per_capita / $band) * $band, 0), $cap)::bigint as band_from,
    count(*)::bigint as households,
    count(*) filter (where line is not null and income_per_capita < line)::bigint as below_line_households
from grouped
group by all
order by "group" desc, band_from
