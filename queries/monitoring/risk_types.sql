-- Monitored households by their first 致贫/返贫风险 (the main one: no household counted twice), and the open ones.
select
    coalesce(risks[1], '未填写') as risk,
    count(*) as households,
    count(*) filter (where risk_eliminated is not true) as open_households
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null
group by all
order by households desc, risk
