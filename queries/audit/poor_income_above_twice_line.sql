-- 未脱贫 (or 返贫) households whose per-capita income is above twice the year's poverty line (错评风险).
-- id: poor_income_above_twice_line
-- 名称: 未脱贫户人均纯收入超过贫困线2倍（错评风险）
-- 类别: 识别
-- 严重程度: 高
-- 说明: 未脱贫（含返贫）的户，当年人均纯收入超过当年贫困线的2倍，可能不符合识别标准，或已达退出条件而未退出。
-- 整改建议: 入户核实收入；符合退出条件的按程序退出，不符合识别标准的按程序清退，收入算错的更正。
-- 适用年度: 2014-2020
-- 需要: households.status, households.income_per_capita, poverty_line
with line as (
    select line_yuan from poverty_lines_in_use() where year = $year
)

select
    h.county, h.township, h.village, h.household_id, h.head_name as name, h.head_id_number as id_number,
    null::varchar as project,
    h.status || '，人均纯收入' || printf('%.2f', h.income_per_capita) || '元，超过' || $year || '年贫困线'
        || printf('%.0f', line.line_yuan) || '元的2倍（' || printf('%.0f', 2 * line.line_yuan) || '元）' as evidence
from households_in($year, $county, $township, $village) h, line
where is_poor(h.status) and h.income_per_capita > 2 * line.line_yuan
