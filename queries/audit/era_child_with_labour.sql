-- Persons under 16 at the end of the year whose 劳动技能 is other than 无劳动力.
-- id: era_child_with_labour
-- 名称: 未满16周岁有劳动技能
-- 类别: 家庭成员
-- 严重程度: 中
-- 说明: 未满16周岁（按出生日期或证件号码计算到本年12月31日）的成员，劳动技能应为“无劳动力”；填写为普通劳动力、技能劳动力等的列为疑点。
-- 整改建议: 核实该成员的出生日期和劳动技能，更正录错的一项。
-- 适用年度: 2021-
-- 需要: monitor_persons.labour_skill
with members as (
    select *, age_on(born, make_date($year, 12, 31)) as age
    from monitor_members_in($year, $county, $township, $village)
)

select
    county, township, village, household_id, name, id_number, null::varchar as project,
    coalesce(relation, '成员') || '，' || age || '周岁（' || strftime(born, '%Y-%m-%d') || '出生），劳动技能为'
        || labour_skill as evidence
from members
where age < 16 and labour_skill is distinct from '无劳动力' and labour_skill is not null
