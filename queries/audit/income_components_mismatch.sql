-- Income components that do not add up to the per-capita income: (wage + business + property + transfer − business costs) / household size.
-- id: income_components_mismatch
-- 名称: 收入构成与人均纯收入不符
-- 类别: 收入
-- 严重程度: 中
-- 说明: 按（工资性收入＋生产经营性收入＋财产性收入＋转移性收入－生产经营性支出）÷家庭人口数计算的人均纯收入，与台账填写的人均纯收入相差超过1%（且超过1元）。空白的收入项按0计。
-- 整改建议: 核对各项收入和家庭人口数，重新计算人均纯收入，更正填错的一项。
-- 适用年度: 2014-2020
-- 需要: households.income_per_capita, households.household_size, households.wage_income, households.business_income, households.transfer_income
with computed as (
    select *,
        components_per_capita(wage_income, business_income, property_income, transfer_income, business_costs,
                              household_size) as computed_per_capita
    from households_in($year, $county, $township, $village)
    where income_per_capita is not null and household_size > 0
      and coalesce(wage_income, business_income, property_income, transfer_income) is not null
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    '各项收入合计÷' || household_size || '人＝' || printf('%.2f', computed_per_capita) || '元，台账人均纯收入'
        || printf('%.2f', income_per_capita) || '元，相差' || printf('%.2f', abs(computed_per_capita - income_per_capita)) || '元' as evidence
from computed
where income_differs(computed_per_capita, income_per_capita)
