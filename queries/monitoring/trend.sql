-- Both regimes by year for one area: 建档立卡 (registered, poor, exited so far) up to 2020, then the monitoring
-- exports (脱贫户, 监测对象, risk open), so one trend runs from 2014 to the latest year. Populations (sums of
-- 家庭人口数) are null for a year where a household's size is unknown.
with registered as (
    select
        year,
        count(*) as registered_households,
        count(*) filter (where is_poor(status)) as poor_households,
        count(*) filter (where status = '已脱贫') as exited_households,
        case when count(household_size) = count(*)
            then coalesce(sum(household_size) filter (where is_poor(status)), 0) end as poor_population
    from households_in(null, $county, $township, $village)
    group by year
),

monitored as (
    select
        year,
        count(*) filter (where household_type = '脱贫户') as exited_poor_households,
        count(*) filter (where monitor_type is not null) as monitored_households,
        count(*) filter (where monitor_type is not null and risk_eliminated is not true) as risk_open_households,
        coalesce(sum(household_size) filter (where monitor_type is not null), 0) as monitored_population
    from monitor_households_in(null, $county, $township, $village)
    group by year
)

select
    coalesce(r.year, m.year) as year,
    r.registered_households,
    r.poor_households,
    r.exited_households,
    m.exited_poor_households,
    m.monitored_households,
    m.risk_open_households,
    r.poor_population,
    m.monitored_population
from registered r
full join monitored m on m.year = r.year
where coalesce(r.year, m.year) <= $year
order by year
