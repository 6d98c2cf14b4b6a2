-- Households below the year's monitoring line (防止返贫监测范围) that are not 监测对象.
-- id: era_below_line_not_monitored
-- 名称: 人均纯收入低于监测范围但未纳入监测
-- 类别: 监测识别
-- 严重程度: 高
-- 说明: 户的人均纯收入低于当年防止返贫监测范围，但监测对象类别为空（未识别为监测对象），存在应纳未纳风险。
-- 整改建议: 入户核实家庭收入和“两不愁三保障”情况，符合条件的按程序识别为监测对象，收入录错的更正收入。
-- 适用年度: 2021-
-- 需要: monitor_households.income_per_capita, monitoring_line
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    coalesce(household_type, '户类型未填') || '，人均纯收入' || printf('%.2f', income_per_capita) || '元，低于'
        || $year || '年监测范围' || printf('%.0f', monitoring_line($year, county)) || '元，未纳入监测' as evidence
from monitor_households_in($year, $county, $township, $village)
where monitor_type is null
  and income_per_capita < monitoring_line($year, county)
