-- Roster households with no member whose 与户主关系 is 户主, or with more than one.
-- id: head_count
-- 名称: 无户主或多个户主
-- 类别: 家庭成员
-- 严重程度: 高
-- 说明: 花名册中每户应有且只有一名成员的“与户主关系”为“户主”。没有户主或有两个及以上户主，说明成员关系或分户信息有误。
-- 整改建议: 核实户籍信息，确定户主并更正其他成员的“与户主关系”；两户误合为一户的应分别建档。
-- 适用年度: 2014-2020
-- 需要: persons.relation
with members as (
    select township, village, household_key,
           count(*) filter (where trim(relation) in ('户主', '本人', '户主本人')) as heads
    from persons
    where year = $year
    group by all
)

select
    h.county, h.township, h.village, h.household_id, h.head_name as name, h.head_id_number as id_number,
    null::varchar as project,
    case when m.heads = 0 then '花名册中本户没有“与户主关系”为户主的成员'
         else '花名册中本户有' || m.heads || '名成员的“与户主关系”为户主' end as evidence
from households_in($year, $county, $township, $village) h
join members m
  on m.household_key = h.head_id_number
 and m.township is not distinct from h.township and m.village is not distinct from h.village
where m.heads <> 1
