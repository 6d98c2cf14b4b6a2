-- Households in which no member has labour (丧失劳动力 or 无劳动力 for all) and no 低保 or 特困供养 (兜底保障).
-- id: era_no_labour_without_support
-- 名称: 无劳动力户未纳入低保或特困供养
-- 类别: 帮扶措施
-- 严重程度: 高
-- 说明: 全家成员的劳动技能均为丧失劳动力或无劳动力（没有技能劳动力、普通劳动力或弱劳动力）的户，应纳入低保或特困供养兜底保障；综合保障中没有低保、特困供养的列为疑点。
-- 整改建议: 核实家庭成员的劳动能力和收入，符合条件的纳入低保或特困供养，在综合保障中录入；劳动技能录错的更正。
-- 适用年度: 2021-
-- 需要: monitor_persons.labour_skill
with households as (
    select county, township, village, household_id,
           any_value(head_id_number) as head_id_number, any_value(household_type) as household_type,
           any_value(array_to_string(measure_details, '、')) as details,
           count(*) as members,
           count(*) filter (where labour_skill in ('技能劳动力', '普通劳动力', '弱劳动力或半劳动力')) as with_labour,
           count(labour_skill) as skills
    from monitor_members_in($year, $county, $township, $village)
    group by county, township, village, household_id
)

select
    h.county, h.township, h.village, h.household_id, m.head_name as name, h.head_id_number as id_number,
    null::varchar as project,
    coalesce(h.household_type, '户类型未填') || '，全家' || h.members || '人均无劳动力（丧失劳动力或无劳动力），'
        || '综合保障中没有低保或特困供养' as evidence
from households h
join monitor_households m
  on m.year = $year and m.household_id = h.household_id and m.county is not distinct from h.county
 and m.township is not distinct from h.township and m.village is not distinct from h.village
where h.with_labour = 0 and h.skills = h.members
  and not regexp_matches(coalesce(h.details, ''), '低保|特困|五保|兜底')
