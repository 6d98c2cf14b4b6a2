-- Members found in another household this year while the household they were in last year is still registered.
-- id: person_moved_household
-- 名称: 同一人本年与上年在不同户
-- 类别: 家庭成员
-- 严重程度: 低
-- 说明: 同一证件号码上年在一户，本年在另一户，而原来的户本年仍在册。可能是分户、并户或婚嫁迁移，也可能是录错户。
-- 整改建议: 核实成员变动手续（分户、婚嫁、迁移）；没有变动的，把成员更正回原户。
-- 适用年度: 2014-2020
-- 需要: persons
-- 需要上年: persons
with previous as (
    select p.id_number, p.household_key, h.township, h.village, h.household_id
    from persons p
    join households h
      on h.year = p.year and h.head_id_number = p.household_key
     and h.township is not distinct from p.township and h.village is not distinct from p.village
    where p.year = $year - 1 and p.id_number is not null
),

current_heads as (
    select head_id_number from households where year = $year and head_id_number is not null
)

select
    h.county, h.township, h.village, h.household_id, p.name, p.id_number,
    null::varchar as project,
    ($year - 1) || '年在' || coalesce(x.township, '') || coalesce(x.village, '') || '户编号' || coalesce(x.household_id, '—')
        || '的户，' || $year || '年在另一户，原户仍在册' as evidence
from persons p
join households_in($year, $county, $township, $village) h
  on h.head_id_number = p.household_key
 and h.township is not distinct from p.township and h.village is not distinct from p.village
join previous x on x.id_number = p.id_number and x.household_key <> p.household_key
where p.year = $year
  and x.household_key in (select head_id_number from current_heads)
