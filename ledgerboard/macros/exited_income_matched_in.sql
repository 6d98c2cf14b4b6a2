-- The 脱贫户 with an income of year y and an area (a null argument means "all"), each matched to its own row of y−1
-- (exited_income_prev_in: same county, by 户编号 or head ID, 户编号 first): the same households over which
-- 脱贫人口人均纯收入 growth is measured (monitoring/income_growth for an area, era/income_by_village by village).
create or replace macro exited_income_matched_in(y, cty, town, vil) as table
    select
        n.county, n.township, n.village, n.household_id,
        n.income_per_capita as income_now, n.household_size as size_now,
        p.income_per_capita as income_prev, p.household_size as size_prev
    from monitor_households_in(y, cty, town, vil) n
    join exited_income_prev_in(y, cty) p
        on p.county is not distinct from n.county
        and (p.household_id = n.household_id or p.head_id_number = n.head_id_number)
    where n.household_type = '脱贫户' and n.income_per_capita is not null
    qualify row_number() over (partition by n.county, n.household_id
                               order by (p.household_id = n.household_id) desc) = 1;
