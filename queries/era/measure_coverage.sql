-- 帮扶措施 coverage of 监测对象 by village in one year: monitored households (all and 风险未消除) and those of them whose
-- export fills at least one 帮扶 column; villages with the year's export only.
select
    county,
    township,
    village,
    count(*) as monitored_households,
    count(*) filter (where len(coalesce(measures, [])) > 0) as covered_households,
    count(*) filter (where risk_eliminated is not true) as open_households,
    count(*) filter (where risk_eliminated is not true and len(coalesce(measures, [])) > 0) as open_covered_households,
    coalesce(sum(len(coalesce(measures, []))), 0)::bigint as measures
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null
group by all
order by county, township, village
