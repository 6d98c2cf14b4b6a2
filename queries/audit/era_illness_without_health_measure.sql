-- 监测对象 with the risk 因病 and none of its matching 帮扶 measures (健康帮扶, 社会帮扶).
-- id: era_illness_without_health_measure
-- 名称: 因病风险未落实健康帮扶
-- 类别: 帮扶措施
-- 严重程度: 中
-- 说明: 致贫/返贫风险为因病的监测对象，应落实健康帮扶（先诊疗后付费、慢病签约、医疗救助等）或社会帮扶；两列均为空、其他帮扶中也没有医疗救助的列为疑点。
-- 整改建议: 落实基本医疗保险、大病保险、医疗救助和家庭医生签约服务，录入健康帮扶措施。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.risks, monitor_households.measures
with at_risk as (
    select *, array_to_string(measure_details, '、') as details
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and list_contains(risks, '因病')
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，致贫/返贫风险含“因病”，帮扶措施为' || coalesce(array_to_string(measures, '、'), '空')
        || '，没有健康帮扶、社会帮扶或医疗救助' as evidence
from at_risk
where not list_has_any(coalesce(measures, []), ['健康帮扶', '社会帮扶'])
  and coalesce(details, '') not like '%医疗%'
