-- 监测对象 of one year and area by their first 致贫/返贫风险 (the main one: no household counted twice): households,
-- persons and the open ones (风险未消除), each with its share of the area's 监测对象.
with monitored as (
    select coalesce(risks[1], '未填写') as risk, household_size, risk_eliminated is not true as open
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null
),

counted as (
    select
        risk,
        count(*) as households,
        coalesce(sum(household_size), 0)::bigint as population,
        count(*) filter (where open) as open_households
    from monitored
    group by risk
)

select
    risk,
    households,
    population,
    open_households,
    round_half_up(100 * households / sum(households) over (), 2) as share_pct,
    round_half_up(100 * open_households / nullif(sum(open_households) over (), 0), 2) as open_share_pct
from counted
order by households desc, risk
