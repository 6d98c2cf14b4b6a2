-- Projects naming a village that the year's villages ledger does not list for that township.
-- id: project_village_unknown
-- 名称: 项目建设地点不在村基本情况台账中
-- 类别: 项目
-- 严重程度: 低
-- 说明: 项目台账的建设地点中的村名，在当年村基本情况台账该乡镇的村中找不到（只检查村基本情况台账已有的乡镇），可能是村名写法不统一或地点填错，该村的项目和资金统计会遗漏。
-- 整改建议: 按村基本情况台账的规范村名更正建设地点。
-- 适用年度: 2014-2020
-- 需要: projects, villages
-- reads: known_village_rollup
with known as (
    select distinct township, village from villages where year = $year
)

select
    p.county, l.township, l.village, null::varchar as household_id, null::varchar as name, null::varchar as id_number,
    p.project_name as project,
    '建设地点“' || l.village || '”不在' || $year || '年村基本情况台账' || coalesce(l.township, '') || '的村名中' as evidence
from project_villages l
join projects_in($year, $county, $township, null) p on p.project_key = l.project_key
where l.year = $year and not l.whole_township and l.village is not null
  and ($village is null or l.village = $village)
  and (l.township is null or l.township in (select township from known))
  and not exists (
      select 1 from known k
      where k.village = l.village and (l.township is null or k.township = l.township))
