-- Households whose 家庭人口数 differs from the number of their members in the roster.
-- id: size_vs_members
-- 名称: 家庭人口数与花名册成员数不符
-- 类别: 家庭成员
-- 严重程度: 中
-- 说明: 户的“家庭人口数”与花名册中该户的成员行数不一致，贫困人口数和人均收入都会因此算错。
-- 整改建议: 按户籍和实际共同生活人口核实家庭成员，补录或删除成员行，并更正家庭人口数。
-- 适用年度: 2014-2020
-- 需要: persons, households.household_size
with members as (
    select township, village, household_key, count(*) as members
    from persons
    where year = $year
    group by all
)

select
    h.county, h.township, h.village, h.household_id, h.head_name as name, h.head_id_number as id_number,
    null::varchar as project,
    '家庭人口数为' || h.household_size || '人，花名册中有' || m.members || '名成员' as evidence
from households_in($year, $county, $township, $village) h
join members m
  on m.household_key = h.head_id_number
 and m.township is not distinct from h.township and m.village is not distinct from h.village
where h.household_size is distinct from m.members
