-- 已脱贫 households without a 脱贫年度.
-- id: exit_year_missing
-- 名称: 已脱贫户缺少脱贫年度
-- 类别: 退出
-- 严重程度: 中
-- 说明: 脱贫状态为已脱贫，但未填写脱贫年度，无法统计当年脱贫户数，也无法核对退出程序。
-- 整改建议: 按退出验收材料补填脱贫年度。
-- 适用年度: 2014-2020
-- 需要: households.status, households.exit_year
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    '脱贫状态为已脱贫，脱贫年度为空' as evidence
from households_in($year, $county, $township, $village)
where status = '已脱贫' and exit_year is null
