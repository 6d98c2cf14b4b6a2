-- One ID number (head or member) in two or more households of the same year, whichever village or county.
-- id: id_in_two_households
-- 名称: 同一证件号码出现在多个户
-- 类别: 识别
-- 严重程度: 高
-- 说明: 同一年度中，一个证件号码（户主或家庭成员）出现在两个及以上的户中（可能在不同村、不同乡镇或不同县），可能是重复识别、分户后未注销或录入错误。
-- 整改建议: 核实此人实际所在的户，在错误的户中删除或更正，确保一人只在一户。
-- 适用年度: 2014-2020
-- 需要: households.head_id_number
with occurrences as (
    select county, township, village, household_id, head_id_number as household_key,
           head_id_number as id_number, head_name as name
    from households
    where year = $year and head_id_number is not null
    union all
    select h.county, h.township, h.village, h.household_id, p.household_key, p.id_number, p.name
    from persons p
    join households h
      on h.year = p.year and h.head_id_number = p.household_key
     and h.township is not distinct from p.township and h.village is not distinct from p.village
    where p.year = $year and p.id_number is not null
),

-- With an area chosen, only the numbers found in it are looked for elsewhere (the optimizer drops the
-- branch whose condition is false).
candidates as (
    select * from occurrences where coalesce($county, $township, $village) is null
    union all
    select * from occurrences
    where coalesce($county, $township, $village) is not null
      and id_number in (
          select id_number from occurrences
          where ($county is null or county = $county)
            and ($township is null or township = $township)
            and ($village is null or village = $village))
),

places as (
    select county, township, village, household_id, household_key, id_number, min(name) as name
    from candidates
    group by all
),

repeated as (
    select id_number, count(*) as households
    from places
    group by id_number
    having count(*) > 1
),

-- Only the few repeated numbers are paired with their other places.
doubles as (
    select p.*, r.households
    from places p
    join repeated r on r.id_number = p.id_number
)

select
    o.county, o.township, o.village, o.household_id, o.name, o.id_number,
    null::varchar as project,
    '同一证件号码在' || o.households || '个户中出现，另见：' || string_agg(
        household_place(x.county, x.township, x.village, x.household_id), '；'
        order by x.county, x.township, x.village, x.household_id
    ) as evidence
from doubles o
join doubles x
  on x.id_number = o.id_number
 and (x.household_key is distinct from o.household_key or x.county is distinct from o.county
      or x.township is distinct from o.township or x.village is distinct from o.village)
where ($county is null or o.county = $county)
  and ($township is null or o.township = $township)
  and ($village is null or o.village = $village)
group by o.county, o.township, o.village, o.household_id, o.name, o.id_number, o.households
