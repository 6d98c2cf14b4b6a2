-- Households 已脱贫 in the year before and 未脱贫 this year without the status 返贫.
-- id: exited_then_poor
-- 名称: 上年已脱贫本年未脱贫但未标注返贫
-- 类别: 退出
-- 严重程度: 高
-- 说明: 同一户主证件号码的户，上年为已脱贫，本年为未脱贫，但脱贫状态没有标注为返贫，返贫人数会少算，脱贫成效会失真。
-- 整改建议: 核实该户本年是否返贫：返贫的按程序标注返贫；仍为脱贫的更正脱贫状态。
-- 适用年度: 2014-2020
-- 需要: households.status
-- 需要上年: households.status
select
    h.county, h.township, h.village, h.household_id, h.head_name as name, h.head_id_number as id_number,
    null::varchar as project,
    ($year - 1) || '年为已脱贫' || coalesce('（' || p.exit_year || '年脱贫）', '') || '，' || $year || '年为未脱贫，未标注返贫' as evidence
from households_in($year, $county, $township, $village) h
join households p
  on p.year = $year - 1 and p.head_id_number = h.head_id_number and p.county is not distinct from h.county
where h.status = '未脱贫' and p.status = '已脱贫'
