-- Monitored households by 监测对象类别 and where their risk stands: 帮扶消除, 自然消除, 已消除（方式未填写） or 风险未消除.
select
    monitor_type,
    case
        when risk_eliminated is not true then '风险未消除'
        when elimination_method in ('帮扶消除', '自然消除') then elimination_method
        else '已消除（方式未填写）'
    end as status,
    count(*)::bigint as households,
    coalesce(sum(household_size), 0)::bigint as population
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null
group by all
order by monitor_type, status
