-- 监测对象 with the risk 因安全住房 and none of its matching 帮扶 measures (住房安全保障, 易地搬迁).
-- id: era_housing_without_housing_measure
-- 名称: 因安全住房风险未落实住房保障
-- 类别: 帮扶措施
-- 严重程度: 中
-- 说明: 致贫/返贫风险为因安全住房的监测对象，应落实住房安全保障（危房改造、农房整治）或易地搬迁；两项均为空的列为疑点。
-- 整改建议: 核实住房安全等级，落实危房改造或搬迁安置，录入住房安全保障措施。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.risks, monitor_households.measures
with at_risk as (
    select *, array_to_string(measure_details, '、') as details
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and list_contains(risks, '因安全住房')
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，致贫/返贫风险含“因安全住房”，帮扶措施为' || coalesce(array_to_string(measures, '、'), '空')
        || '，没有住房安全保障或易地搬迁' as evidence
from at_risk
where not list_has_any(coalesce(measures, []), ['住房安全保障', '易地搬迁'])

