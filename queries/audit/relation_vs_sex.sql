-- Members whose 与户主关系 contradicts the sex digit of their ID (17th digit: odd male, even female).
-- id: relation_vs_sex
-- 名称: 与户主关系与性别不符
-- 类别: 家庭成员
-- 严重程度: 中
-- 说明: 证件号码第17位奇数为男、偶数为女。“之子”应为男性，“之女”应为女性，“配偶”应与户主性别不同；不符时证件号码或与户主关系录错。
-- 整改建议: 对照户口簿核实该成员的证件号码和与户主关系，更正录错的一项。
-- 适用年度: 2014-2020
-- 需要: persons.relation, persons.id_number
with members as (
    select
        h.county, h.township, h.village, h.household_id, p.name, p.id_number,
        trim(p.relation) as relation,
        relation_sex(p.relation) as implied,
        try_cast(substr(p.id_number, 17, 1) as integer) % 2 = 1 as member_male,
        try_cast(substr(h.head_id_number, 17, 1) as integer) % 2 = 1 as head_male
    from persons p
    join households_in($year, $county, $township, $village) h
      on h.head_id_number = p.household_key
     and h.township is not distinct from p.township and h.village is not distinct from p.village
    where p.year = $year and length(p.id_number) >= 18
),

checked as (
    select *,
        case
            when implied = 'male' and not member_male
                then '与户主关系为“' || relation || '”，但证件号码第17位为偶数（女性）'
            when implied = 'female' and member_male
                then '与户主关系为“' || relation || '”，但证件号码第17位为奇数（男性）'
            when implied = 'spouse' and member_male = head_male
                then '与户主关系为“' || relation || '”，但与户主性别相同（均为'
                     || case when member_male then '男性' else '女性' end || '）'
        end as evidence
    from members
)

select county, township, village, household_id, name, id_number, null::varchar as project, evidence
from checked
where evidence is not null
