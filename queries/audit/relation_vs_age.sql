-- Ages from the ID that contradict the relation: a child older than the head, a head under 16.
-- id: relation_vs_age
-- 名称: 年龄与户主关系矛盾
-- 类别: 家庭成员
-- 严重程度: 中
-- 说明: 按证件号码中的出生日期计算：“之子”“之女”比户主年长，或户主当年年底未满16周岁，均不合常理，多为证件号码或关系录错。
-- 整改建议: 对照户口簿核实出生日期和与户主关系；户主未成年的应核实是否确为户主（如孤儿户）并注明。
-- 适用年度: 2014-2020
-- 需要: persons.relation, persons.id_number
with members as (
    select
        h.county, h.township, h.village, h.household_id, p.name, p.id_number,
        trim(p.relation) as relation,
        try_strptime(substr(p.id_number, 7, 8), '%Y%m%d')::date as born,
        try_strptime(substr(h.head_id_number, 7, 8), '%Y%m%d')::date as head_born
    from persons p
    join households_in($year, $county, $township, $village) h
      on h.head_id_number = p.household_key
     and h.township is not distinct from p.township and h.village is not distinct from p.village
    where p.year = $year and length(p.id_number) >= 18
),

checked as (
    select *,
        case
            when relation in ('户主', '本人', '户主本人') and $year - year(born) < 16
                then '户主' || $year || '年底未满16周岁（' || ($year - year(born)) || '岁）'
            when relation in ('之子', '子', '儿子', '长子', '次子', '三子', '之女', '女', '女儿', '长女', '次女', '三女')
                 and born < head_born
                then '与户主关系为“' || relation || '”，但比户主年长（' || relation || ($year - year(born))
                     || '岁，户主' || ($year - year(head_born)) || '岁）'
        end as evidence
    from members
)

select county, township, village, household_id, name, id_number, null::varchar as project, evidence
from checked
where evidence is not null
