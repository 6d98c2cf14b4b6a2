-- 监测对象 of one year and area by 监测对象类别 and first 致贫/返贫风险, with each risk's share of the category.
with counted as (
    select monitor_type, coalesce(risks[1], '未填写') as risk, count(*) as households
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null
    group by all
)

select
    monitor_type,
    risk,
    households,
    round_half_up(100 * households / sum(households) over (partition by monitor_type), 2) as share_pct
from counted
order by list_position(['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'], monitor_type), households desc, risk
