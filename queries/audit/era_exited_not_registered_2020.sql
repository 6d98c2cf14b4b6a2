-- 户类型 脱贫户 that are not an exited (已脱贫) household of the 2020 建档立卡 ledger, by 户编号 or head's ID number.
-- id: era_exited_not_registered_2020
-- 名称: 脱贫户不是2020年建档立卡已脱贫户
-- 类别: 跨表一致性
-- 严重程度: 高
-- 说明: 户类型为脱贫户的户，应是2020年建档立卡台账中已脱贫的户（户编号或户主证件号码相同）。在2020年台账中找不到、或2020年未脱贫的，户类型可能录错。只比较2020年已导入建档立卡台账的村。
-- 整改建议: 对照2020年建档立卡台账核实该户身份：非建档立卡脱贫户的更正户类型（监测户或一般农户），户编号或户主录错的更正。
-- 适用年度: 2021-
-- 需要: monitor_households.household_type
-- 需要2020年: households.status
with registered as (
    select county, township, village, household_id, head_id_number, status
    from households_in(2020, $county, $township, $village)
),

exported as (
    select h.*
    from monitor_households_in($year, $county, $township, $village) h
    semi join (select distinct county, township, village from registered) v
      on v.county is not distinct from h.county and v.township is not distinct from h.township
     and v.village is not distinct from h.village
    where h.household_type = '脱贫户'
),

-- A 2020 household is the same by 户编号 in its village, or by the head's ID number anywhere.
matches as (
    select e.county, e.township, e.village, e.household_id, r.status
    from exported e
    join registered r
      on r.household_id = e.household_id and r.county is not distinct from e.county
     and r.township is not distinct from e.township and r.village is not distinct from e.village
    union all
    select e.county, e.township, e.village, e.household_id, r.status
    from exported e
    join registered r on r.head_id_number = e.head_id_number
),

statuses as (
    select county, township, village, household_id,
           bool_or(status = '已脱贫') as exited_2020, max(status) as status_2020
    from matches
    group by all
)

select
    e.county, e.township, e.village, e.household_id, e.head_name as name, e.head_id_number as id_number,
    null::varchar as project,
    '户类型为脱贫户，' || case when s.status_2020 is null then '2020年建档立卡台账中没有此户（户编号、户主证件号码均不符）'
                             else '2020年建档立卡台账中为' || s.status_2020 end as evidence
from exported e
left join statuses s
  on s.household_id = e.household_id and s.county is not distinct from e.county
 and s.township is not distinct from e.township and s.village is not distinct from e.village
where not coalesce(s.exited_2020, false)
