-- 脱贫人口人均纯收入 growth over the same households: this year's 脱贫户 matched to their own row of the year
-- before (the monitoring export of Y−1, else the 建档立卡 ledger of Y−1) by 户编号 or head ID; persons-weighted.
with now as (
    select county, household_id, head_id_number, income_per_capita, household_size
    from monitor_households_in($year, $county, $township, $village)
    where household_type = '脱贫户' and income_per_capita is not null
),

prev_monitoring as (
    select county, household_id, head_id_number, income_per_capita, household_size
    from monitor_households_in($year - 1, $county, null, null)
    where income_per_capita is not null
),

prev_registered as (
    select county, household_id, head_id_number, income_per_capita, household_size
    from households_in($year - 1, $county, null, null)
    where income_per_capita is not null
      and not exists (select 1 from monitor_households where year = $year - 1)
),

prev as (
    select * from prev_monitoring
    union all
    select * from prev_registered
),

matched as (
    select
        n.household_id,
        n.income_per_capita as income_now,
        n.household_size as size_now,
        p.income_per_capita as income_prev,
        p.household_size as size_prev
    from now n
    join prev p
        on p.county is not distinct from n.county
        and (p.household_id = n.household_id or p.head_id_number = n.head_id_number)
    qualify row_number() over (partition by n.county, n.household_id
                               order by (p.household_id = n.household_id) desc) = 1
)

select
    (select count(*) from now) as households_now,
    (select count(*) from prev) as households_prev,
    count(*) as households_both,
    sum(income_now * size_now) / nullif(sum(size_now), 0) as mean_now,
    sum(income_prev * size_prev) / nullif(sum(size_prev), 0) as mean_prev
from matched
