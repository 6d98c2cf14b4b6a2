-- Households whose 脱贫年度 lies before their 识别年度.
-- id: exit_before_identified
-- 名称: 脱贫年度早于识别年度
-- 类别: 退出
-- 严重程度: 中
-- 说明: 脱贫年度早于识别（纳入）年度，先脱贫后识别不合逻辑，多为年度录错。
-- 整改建议: 对照识别和退出的档案材料，更正识别年度或脱贫年度。
-- 适用年度: 2014-2020
-- 需要: households.exit_year, households.identified_year
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    '脱贫年度' || exit_year || '年早于识别年度' || identified_year || '年' as evidence
from households_in($year, $county, $township, $village)
where exit_year < identified_year
