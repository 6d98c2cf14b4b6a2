-- Households registered (and not 已脱贫) in the year before, missing from this year's snapshot of their village (消失户).
-- id: vanished_household
-- 名称: 上年在册本年消失的户（消失户）
-- 类别: 退出
-- 严重程度: 高
-- 说明: 上年台账中未脱贫（或返贫）的户，本年台账中找不到（户主证件号码不在本年任何户的户主或成员中，本村也没有相同户编号），且未经脱贫退出。只比较本年已导入台账的村。
-- 整改建议: 核实该户去向（自然消亡、迁出、合户、漏录），按程序办理标识或补录，不得直接删除。
-- 适用年度: 2014-2020
-- 需要: households
-- 需要上年: households.status
with current_villages as (
    select distinct county, township, village
    from households_in($year, $county, $township, $village)
)

select
    p.county, p.township, p.village, p.household_id, p.head_name as name, p.head_id_number as id_number,
    null::varchar as project,
    ($year - 1) || '年为' || p.status || '（' || p.household_size || '人），' || $year || '年台账中没有此户' as evidence
from households_in($year - 1, $county, $township, $village) p
semi join current_villages v
  on v.county is not distinct from p.county and v.township is not distinct from p.township
 and v.village is not distinct from p.village
where p.status is distinct from '已脱贫'
  -- Not registered this year as a head, or as a member, anywhere; nor under the same 户编号 in its village.
  and not exists (select 1 from households c where c.year = $year and c.head_id_number = p.head_id_number)
  and not exists (select 1 from persons m where m.year = $year and m.id_number = p.head_id_number)
  and not exists (
      select 1 from households_in($year, $county, $township, $village) c
      where c.household_id = p.household_id and c.county is not distinct from p.county
        and c.township is not distinct from p.township and c.village is not distinct from p.village)
