-- Households below the monitoring line of their county and year that are not monitored (no 监测对象类别): the list an
-- analyst checks (personal data masked by the caller). Nothing where no line is set.
select
    county, township, village, "group", household_id, head_name, head_id_number, household_size, household_type,
    income_per_capita,
    monitoring_line(year, county) as monitoring_line,
    monitoring_line(year, county) - income_per_capita as gap_yuan,
    coalesce(risks[1], '') as risk
from monitor_households_in($year, $county, $township, $village)
where monitor_type is null and income_per_capita < monitoring_line(year, county)
order by township, village, income_per_capita, household_id
