-- 已脱贫 households whose per-capita income is below the year's poverty line (错退风险).
-- id: exit_income_below_line
-- 名称: 已脱贫户人均纯收入低于贫困线（错退风险）
-- 类别: 退出
-- 严重程度: 高
-- 说明: 标注为已脱贫的户，当年人均纯收入低于当年贫困线（按“设置”中的贫困线标准），不符合“收入稳定超过扶贫标准”的退出条件。
-- 整改建议: 入户核实家庭收入；收入确实低于标准的，按程序标注返贫或纳入监测；收入算错的，重新核算并更正。
-- 适用年度: 2014-2020
-- 需要: households.status, households.income_per_capita, poverty_line
with line as (
    select line_yuan from poverty_lines_in_use() where year = $year
)

select
    h.county, h.township, h.village, h.household_id, h.head_name as name, h.head_id_number as id_number,
    null::varchar as project,
    '已脱贫，人均纯收入' || printf('%.2f', h.income_per_capita) || '元，低于' || $year || '年贫困线'
        || printf('%.0f', line.line_yuan) || '元' as evidence
from households_in($year, $county, $township, $village) h, line
where h.status = '已脱贫' and h.income_per_capita < line.line_yuan
