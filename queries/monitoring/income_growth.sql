-- 脱贫人口人均纯收入 growth over the same households: this year's 脱贫户 matched to their own row of the year
-- before (exited_income_matched_in: the county's monitoring export of Y−1, else its 建档立卡 ledger of Y−1, by 户编号
-- or head ID); persons-weighted.
select
    (select count(*) from monitor_households_in($year, $county, $township, $village)
     where household_type = '脱贫户' and income_per_capita is not null) as households_now,
    (select count(*) from exited_income_prev_in($year, $county)) as households_prev,
    count(*) as households_both,
    sum(income_now * size_now) / nullif(sum(size_now), 0) as mean_now,
    sum(income_prev * size_prev) / nullif(sum(size_prev), 0) as mean_prev
from exited_income_matched_in($year, $county, $township, $village)
