-- Households whose per-capita income is below the monitoring line of their county and year, monitored or not;
-- and the counties of the area that have monitoring data but no line set (the figure is then unknown).
with snapshot as (
    select county, monitor_type, income_per_capita, monitoring_line(year, county) as line
    from monitor_households_in($year, $county, $township, $village)
)

select
    count(*) filter (where line is not null and income_per_capita < line and monitor_type is not null) as monitored,
    count(*) filter (where line is not null and income_per_capita < line and monitor_type is null) as not_monitored,
    count(*) filter (where line is null) as households_without_line,
    string_agg(distinct coalesce(county, '（未填县）'), '、') filter (where line is null) as counties_without_line,
    min(line) as line_min,
    max(line) as line_max
from snapshot
