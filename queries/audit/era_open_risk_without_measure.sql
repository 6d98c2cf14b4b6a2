-- 监测对象 whose risk is not eliminated and who have no 帮扶 measure at all.
-- id: era_open_risk_without_measure
-- 名称: 风险未消除的监测对象没有帮扶措施
-- 类别: 帮扶措施
-- 严重程度: 高
-- 说明: 风险未消除的监测对象应落实针对性帮扶措施；综合保障、产业帮扶、就业帮扶、健康帮扶、教育帮扶等帮扶列均为空的列为疑点。
-- 整改建议: 按风险类型制定并落实帮扶措施，在系统中录入；已落实未录入的补录。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.measures
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，风险未消除（风险：' || coalesce(array_to_string(risks, '、'), '未填写') || '），没有任何帮扶措施'
        as evidence
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null and risk_eliminated is distinct from true
  and coalesce(len(measures), 0) = 0
