-- 监测对象 with the risk 因残 and none of its matching 帮扶 measures (综合保障).
-- id: era_disability_without_support
-- 名称: 因残风险未落实综合保障
-- 类别: 帮扶措施
-- 严重程度: 中
-- 说明: 致贫/返贫风险为因残的监测对象，应落实综合保障（残疾人两项补贴、低保、特困供养等兜底措施）；综合保障为空的列为疑点。
-- 整改建议: 核实残疾等级和家庭收入，落实残疾人两项补贴，符合条件的纳入低保或特困供养，录入综合保障措施。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.risks, monitor_households.measures
with at_risk as (
    select *, array_to_string(measure_details, '、') as details
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and list_contains(risks, '因残')
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，致贫/返贫风险含“因残”，帮扶措施为' || coalesce(array_to_string(measures, '、'), '空')
        || '，没有综合保障（低保、特困供养、残疾人两项补贴等）' as evidence
from at_risk
where not list_has_any(coalesce(measures, []), ['综合保障'])

