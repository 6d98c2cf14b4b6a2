-- Members of the monitoring export whose 与户主关系 contradicts the sex digit of their ID (17th digit: odd male).
-- id: era_relation_vs_sex
-- 名称: 与户主关系与证件号码性别不符
-- 类别: 家庭成员
-- 严重程度: 中
-- 说明: 证件号码第17位奇数为男、偶数为女。之子、之父、之孙子等应为男性，之女、之母、之孙女等应为女性，配偶应与户主性别不同；不符时证件号码或与户主关系录错。
-- 整改建议: 对照户口簿核实该成员的证件号码和与户主关系，更正录错的一项。
-- 适用年度: 2021-
-- 需要: monitor_persons.relation, monitor_persons.id_number
with members as (
    select *, trim(relation) as rel, relation_sex(relation) as implied,
        try_cast(substr(id_number, 17, 1) as integer) % 2 = 1 as member_male,
        try_cast(substr(head_id_number, 17, 1) as integer) % 2 = 1 as head_male
    from monitor_members_in($year, $county, $township, $village)
    where length(id_number) >= 18
),

checked as (
    select *,
        case
            when implied = 'male' and not member_male
                then '与户主关系为“' || rel || '”，但证件号码第17位为偶数（女性）'
            when implied = 'female' and member_male
                then '与户主关系为“' || rel || '”，但证件号码第17位为奇数（男性）'
            when implied = 'spouse' and member_male = head_male
                then '与户主关系为“' || rel || '”，但与户主性别相同（均为'
                     || case when member_male then '男性' else '女性' end || '）'
        end as evidence
    from members
)

select county, township, village, household_id, name, id_number, null::varchar as project, evidence
from checked
where evidence is not null
