-- Projects whose fiscal funds exceed their total investment.
-- id: fiscal_exceeds_investment
-- 名称: 财政扶贫资金超过项目总投资
-- 类别: 项目
-- 严重程度: 中
-- 说明: 财政扶贫资金是总投资的一部分，不应大于总投资；大于时多为单位（元/万元）或数字录错。
-- 整改建议: 对照项目批复和资金拨付文件，更正总投资或财政扶贫资金。
-- 适用年度: 2014-2020
-- 需要: projects.total_investment, projects.fiscal_funds
-- reads: known_village_rollup
select
    county, township, villages as village, null::varchar as household_id, null::varchar as name,
    null::varchar as id_number, project_name as project,
    '财政扶贫资金' || printf('%.2f', fiscal_funds) || '万元，超过总投资' || printf('%.2f', total_investment) || '万元' as evidence
from projects_in($year, $county, $township, $village)
where fiscal_funds > total_investment + 0.005
