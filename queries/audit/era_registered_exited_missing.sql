-- Exited (已脱贫) households of the 2020 建档立卡 ledger that are not a 脱贫户 in the year's export of their village.
-- id: era_registered_exited_missing
-- 名称: 2020年已脱贫户未作为脱贫户监测
-- 类别: 跨表一致性
-- 严重程度: 高
-- 说明: 2020年建档立卡台账中已脱贫的户，应在本年度监测对象信息中以户类型“脱贫户”出现（户编号或户主证件号码相同）。找不到、或户类型不是脱贫户的列为疑点。只比较本年度已导入监测对象信息的村。
-- 整改建议: 核实该户去向（自然消亡、迁出、合户）并按程序标识；在系统中漏录的补录，户类型录错的更正为脱贫户。
-- 适用年度: 2021-
-- 需要: monitor_households.household_type
-- 需要2020年: households.status
with exited_2020 as (
    select r.*
    from households_in(2020, $county, $township, $village) r
    semi join (select distinct county, township, village
               from monitor_households_in($year, $county, $township, $village)) v
      on v.county is not distinct from r.county and v.township is not distinct from r.township
     and v.village is not distinct from r.village
    where r.status = '已脱贫'
),

-- The year's household is the same by 户编号 in its village, or by the head's ID number anywhere.
matches as (
    select r.county, r.township, r.village, r.household_id, h.household_type
    from exited_2020 r
    join monitor_households h
      on h.year = $year and h.household_id = r.household_id and h.county is not distinct from r.county
     and h.township is not distinct from r.township and h.village is not distinct from r.village
    union all
    select r.county, r.township, r.village, r.household_id, h.household_type
    from exited_2020 r
    join monitor_households h on h.year = $year and h.head_id_number = r.head_id_number
),

types as (
    select county, township, village, household_id,
           bool_or(household_type = '脱贫户') as exited_now, min(coalesce(household_type, '户类型未填')) as type_now
    from matches
    group by all
)

select
    r.county, r.township, r.village, r.household_id, r.head_name as name, r.head_id_number as id_number,
    null::varchar as project,
    '2020年建档立卡已脱贫（' || r.household_size || '人），' || case
        when t.type_now is null then $year || '年监测对象信息中没有此户'
        else $year || '年户类型为' || t.type_now end as evidence
from exited_2020 r
left join types t
  on t.household_id = r.household_id and t.county is not distinct from r.county
 and t.township is not distinct from r.township and t.village is not distinct from r.village
where not coalesce(t.exited_now, false)
