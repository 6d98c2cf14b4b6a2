-- One ID number in two or more households of the year's monitoring exports, whichever village or county.
-- id: era_id_in_two_households
-- 名称: 同一证件号码出现在多个户（监测对象信息）
-- 类别: 家庭成员
-- 严重程度: 高
-- 说明: 同一年度的监测对象信息中，一个证件号码出现在两个及以上的户中（可能在不同村、乡镇或县，分别导入），可能是分户后未注销、重复录入或证件号码录错。
-- 整改建议: 核实此人实际所在的户，在错误的户中删除或更正，确保一人只在一户。
-- 适用年度: 2021-
-- 需要: monitor_persons.id_number
with everyone as (
    select county, township, village, household_id, name, id_number
    from monitor_persons
    where year = $year and id_number is not null
),

repeated as (
    select id_number, count(distinct (county, township, village, household_id)) as households
    from everyone
    where id_number in (select id_number from monitor_persons_in($year, $county, $township, $village))
    group by id_number
    having households > 1
)

select
    o.county, o.township, o.village, o.household_id, o.name, o.id_number, null::varchar as project,
    '同一证件号码在' || r.households || '个户中出现，另见：' || string_agg(
        household_place(x.county, x.township, x.village, x.household_id), '；'
        order by x.county, x.township, x.village, x.household_id
    ) as evidence
from everyone o
join repeated r on r.id_number = o.id_number
join everyone x
  on x.id_number = o.id_number
 and (x.county, x.township, x.village, x.household_id) is distinct from (o.county, o.township, o.village, o.household_id)
where ($county is null or o.county = $county)
  and ($township is null or o.township = $township)
  and ($village is null or o.village = $village)
group by o.county, o.township, o.village, o.household_id, o.name, o.id_number, r.households
