-- Households without a 主要致贫原因.
-- id: main_cause_missing
-- 名称: 主要致贫原因缺失
-- 类别: 识别
-- 严重程度: 中
-- 说明: 未填写主要致贫原因，无法做到因户施策，致贫原因统计也会少算。
-- 整改建议: 按入户调查情况补填一项主要致贫原因（因病、因残、因学等）。
-- 适用年度: 2014-2020
-- 需要: households.main_cause
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    '主要致贫原因为空' as evidence
from households_in($year, $county, $township, $village)
where main_cause is null
