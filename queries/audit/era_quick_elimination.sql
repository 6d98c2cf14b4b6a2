-- 监测对象 whose risk was eliminated by 帮扶消除 less than quick_elimination_months() (6) months after they
-- were identified.
-- id: era_quick_elimination
-- 名称: 识别不足6个月即帮扶消除风险
-- 类别: 风险消除
-- 严重程度: 中
-- 说明: 以帮扶消除方式消除风险的监测对象，一般应在帮扶措施落实、收入持续稳定6个月以上后才能消除风险。按月计算，消除监测时间距识别监测时间不足6个月的列为疑点。
-- 整改建议: 核实风险消除是否符合程序（收入稳定、“三保障”和饮水安全有保障），不符合的恢复为风险未消除并继续帮扶；时间录错的更正。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.identified_date, monitor_households.eliminated_date
with spans as (
    select *,
        (year(eliminated_date) * 12 + month(eliminated_date)) - (year(identified_date) * 12 + month(identified_date))
            as months
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and risk_eliminated and elimination_method = '帮扶消除'
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    monitor_type || '，' || strftime(identified_date, '%Y年%-m月') || '识别，' || strftime(eliminated_date, '%Y年%-m月')
        || '帮扶消除，相隔' || months || '个月' as evidence
from spans
where months >= 0 and months < quick_elimination_months()
