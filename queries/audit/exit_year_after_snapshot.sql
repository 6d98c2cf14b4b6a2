-- Households whose 脱贫年度 lies after the snapshot's year.
-- id: exit_year_after_snapshot
-- 名称: 脱贫年度晚于台账年度
-- 类别: 退出
-- 严重程度: 中
-- 说明: 脱贫年度晚于本台账的年度（如2018年台账中填写2019年脱贫），属于提前标注或年度录错。
-- 整改建议: 核实实际脱贫年度并更正；尚未验收退出的，脱贫状态应为未脱贫。
-- 适用年度: 2014-2020
-- 需要: households.exit_year
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    $year || '年台账中脱贫年度为' || exit_year || '年' as evidence
from households_in($year, $county, $township, $village)
where exit_year > $year
