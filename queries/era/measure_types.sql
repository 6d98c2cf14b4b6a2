-- 监测对象 of one year and area by 帮扶 measure received (the export's 帮扶 columns filled): households with it, all
-- and 风险未消除; a household with two measures counts under each.
with received as (
    select unnest(measures) as measure, risk_eliminated is not true as open
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and measures is not null
)

select measure, count(*) as households, count(*) filter (where open) as open_households
from received
group by measure
order by households desc, measure
