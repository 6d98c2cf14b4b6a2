-- 监测对象 marked 风险已消除 without a 消除监测时间 or without a 风险消除方式.
-- id: era_elimination_incomplete
-- 名称: 风险已消除但缺少消除时间或消除方式
-- 类别: 风险消除
-- 严重程度: 中
-- 说明: 风险是否已消除为“是”的监测对象，应同时填写消除监测时间和风险消除方式（帮扶消除或自然消除）。缺少其中一项，风险消除的依据不完整。
-- 整改建议: 按风险消除的审批材料补录消除监测时间和风险消除方式；未经程序消除的恢复为风险未消除。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.risk_eliminated
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，风险已消除，但' || case
        when eliminated_date is null and elimination_method is null then '消除监测时间和风险消除方式均未填写'
        when eliminated_date is null then '消除监测时间未填写'
        else '风险消除方式未填写' end as evidence
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null and risk_eliminated
  and (eliminated_date is null or elimination_method is null)
