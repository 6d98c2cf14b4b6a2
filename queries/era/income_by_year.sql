-- 脱贫人口 and 监测对象 人均纯收入 (persons-weighted) of an area in every year of the monitoring export, and how many
-- 脱贫户 have an income.
with snapshot as (
    select
        year,
        household_size,
        income_per_capita,
        household_type = '脱贫户' and income_per_capita is not null as exited_with_income,
        monitor_type is not null and income_per_capita is not null as monitored_with_income,
        household_type = '脱贫户' as exited_poor
    from monitor_households_in(null, $county, $township, $village)
)

select
    year,
    count(*) filter (where exited_poor) as exited_poor_households,
    count(*) filter (where exited_with_income) as exited_with_income,
    sum(income_per_capita * household_size) filter (where exited_with_income)
        / nullif(sum(household_size) filter (where exited_with_income), 0) as exited_poor_income_mean,
    sum(income_per_capita * household_size) filter (where monitored_with_income)
        / nullif(sum(household_size) filter (where monitored_with_income), 0) as monitored_income_mean
from snapshot
group by year
order by year
