-- 监测对象 whose 消除监测时间 is before their 识别监测时间, or after the year of the export.
-- id: era_elimination_before_identified
-- 名称: 消除监测时间早于识别监测时间或晚于本年度
-- 类别: 风险消除
-- 严重程度: 高
-- 说明: 消除监测时间应在识别监测时间之后、且不晚于本年度；早于识别或晚于本年度，说明日期录错或风险消除不实。
-- 整改建议: 对照识别和消除的审批材料更正识别监测时间或消除监测时间。
-- 适用年度: 2021-
-- 需要: monitor_households.identified_date, monitor_households.eliminated_date
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    '识别监测时间' || strftime(identified_date, '%Y-%m-%d') || '，消除监测时间' || strftime(eliminated_date, '%Y-%m-%d')
        || case when eliminated_date < identified_date then '，早于识别' else '，晚于' || $year || '年' end as evidence
from monitor_households_in($year, $county, $township, $village)
where monitor_type is not null
  and (eliminated_date < identified_date or year(eliminated_date) > $year)
