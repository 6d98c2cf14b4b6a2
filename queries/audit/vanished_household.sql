-- Households registered (and not 已脱贫) in the year before, missing from this year's snapshot of their village (消失户).
-- id: vanished_household
-- 名称: 上年在册本年消失的户（消失户）
-- 类别: 退出
-- 严重程度: 高
-- 说明: 上年台账中未脱贫（或返贫）的户，本年台账中找不到（户主证件号码不在本年任何户的户主或成员中，本村也没有相同户编号），且未经脱贫退出。只比较本年已导入台账的村。
-- 整改建议: 核实该户去向（自然消亡、迁出、合户、漏录），按程序办理标识或补录，不得直接删除。
-- 需要: households
-- 需要上年: households.status
with current_heads as (
    select head_id_number as id_number from households where year = $year and head_id_number is not null
    union
    select id_number from persons where year = $year and id_number is not null
),

current_codes as (
    select distinct county, township, village, household_id
    from households
    where year = $year and household_id is not null
),

current_villages as (
    select distinct county, township, village from households where year = $year
)

select
    p.county, p.township, p.village, p.household_id, p.head_name as name, p.head_id_number as id_number,
    null::varchar as project,
    ($year - 1) || '年为' || p.status || '（' || p.household_size || '人），' || $year || '年台账中没有此户' as evidence
from households_in($year - 1, $county, $township, $village) p
where p.status is distinct from '已脱贫'
  and exists (
      select 1 from current_villages v
      where v.county is not distinct from p.county and v.township is not distinct from p.township
        and v.village is not distinct from p.village)
  and p.head_id_number not in (select id_number from current_heads)
  and not exists (
      select 1 from current_codes c
      where c.household_id = p.household_id and c.county is not distinct from p.county
        and c.township is not distinct from p.township and c.village is not distinct from p.village)
