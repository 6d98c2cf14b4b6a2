-- Households whose risk was eliminated in the year (消除监测时间 in the year, with a 识别监测时间): whole months from
-- 识别 to 消除, by 风险消除方式 (the median of these months is metrics' months_to_eliminate_median).
select
    date_diff('month', identified_date, eliminated_date) as months,
    coalesce(elimination_method, '未填写') as method,
    count(*)::bigint as households
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null and risk_eliminated is true and year(eliminated_date) = $year
  and identified_date is not null
group by all
order by months, method
