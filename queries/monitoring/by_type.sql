-- Monitored households (监测对象) by 监测对象类别: one year, one area.
select monitor_type, count(*) as households, coalesce(sum(household_size), 0) as population
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null
group by monitor_type
order by monitor_type
