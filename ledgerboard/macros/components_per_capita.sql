-- 人均纯收入 computed from its components: (工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营性支出) ÷ 家庭人口数,
-- a blank component counting 0 (the 2014–2020 ledger and the monitoring export alike).
create or replace macro components_per_capita(wage, business, property, transfer, costs, size) as
    (coalesce(wage, 0) + coalesce(business, 0) + coalesce(property, 0) + coalesce(transfer, 0) - coalesce(costs, 0))
    / size;
