-- 监测对象 with the risk 因学 and none of its matching 帮扶 measures (教育帮扶).
-- id: era_schooling_without_education_measure
-- 名称: 因学风险未落实教育帮扶
-- 类别: 帮扶措施
-- 严重程度: 中
-- 说明: 致贫/返贫风险为因学的监测对象，应落实教育帮扶（雨露计划、助学金、资助政策等）；教育帮扶为空的列为疑点。
-- 整改建议: 核实在校生情况，落实教育资助政策并录入教育帮扶措施。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.risks, monitor_households.measures
with at_risk as (
    select *, array_to_string(measure_details, '、') as details
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and list_contains(risks, '因学')
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，致贫/返贫风险含“因学”，帮扶措施为' || coalesce(array_to_string(measures, '、'), '空')
        || '，没有教育帮扶' as evidence
from at_risk
where not list_has_any(coalesce(measures, []), ['教育帮扶'])

