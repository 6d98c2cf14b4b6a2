-- Per month of the year: monitored households identified (识别监测时间 in the month) and households whose risk was
-- eliminated (风险已消除, 消除监测时间 in the month). Every month 1–12 is a row (0 where none).
with snapshot as (
    select monitor_type, identified_date, risk_eliminated, eliminated_date
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null
),

months as (
    select unnest(range(1, 13)) as month
)

select
    m.month,
    (select count(*) from snapshot where year(identified_date) = $year and month(identified_date) = m.month)::bigint
        as identified_households,
    (select count(*) from snapshot
     where risk_eliminated is true and year(eliminated_date) = $year and month(eliminated_date) = m.month)::bigint
        as eliminated_households
from months m
order by m.month
