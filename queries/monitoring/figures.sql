-- 脱贫户, 监测对象, risks open and eliminated, new cases and incomes of one year and area (防止返贫动态监测).
with snapshot as (
    select
        household_size, household_type, monitor_type, identified_date, risk_eliminated, elimination_method,
        eliminated_date, income_per_capita,
        household_type = '脱贫户' as exited_poor,
        monitor_type is not null as monitored,
        monitor_type is not null and risk_eliminated is true as eliminated
    from monitor_households_in($year, $county, $township, $village)
)

select
    count(*) as households,
    count(*) filter (where exited_poor) as exited_poor_households,
    coalesce(sum(household_size) filter (where exited_poor), 0) as exited_poor_population,
    count(*) filter (where monitored) as monitored_households,
    coalesce(sum(household_size) filter (where monitored), 0) as monitored_population,
    count(*) filter (where monitored and not eliminated) as risk_open_households,
    coalesce(sum(household_size) filter (where monitored and not eliminated), 0) as risk_open_population,
    count(*) filter (where eliminated) as risk_eliminated_households,
    coalesce(sum(household_size) filter (where eliminated), 0) as risk_eliminated_population,
    count(*) filter (where eliminated and elimination_method = '帮扶消除') as eliminated_by_support,
    count(*) filter (where eliminated and elimination_method = '自然消除') as eliminated_naturally,
    count(*) filter (where monitored and year(identified_date) = $year) as newly_monitored_households,
    count(*) filter (where monitored and identified_date is null) as monitored_without_date,
    median(date_diff('month', identified_date, eliminated_date))
        filter (where eliminated and year(eliminated_date) = $year and identified_date is not null)
        as months_to_eliminate_median,
    count(*) filter (where eliminated and year(eliminated_date) = $year) as eliminated_in_year,
    sum(income_per_capita * household_size) filter (where exited_poor and income_per_capita is not null)
        / nullif(sum(household_size) filter (where exited_poor and income_per_capita is not null), 0)
        as exited_poor_income_mean,
    sum(income_per_capita * household_size) filter (where monitored and income_per_capita is not null)
        / nullif(sum(household_size) filter (where monitored and income_per_capita is not null), 0)
        as monitored_income_mean
from snapshot
