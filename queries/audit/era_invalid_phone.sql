-- 家庭成员联系电话 that is not an 11-digit mobile number (1 and a second digit 3–9, then nine digits).
-- id: era_invalid_phone
-- 名称: 联系电话不是11位手机号码
-- 类别: 家庭成员
-- 严重程度: 低
-- 说明: 家庭成员联系电话应为11位手机号码（以13—19开头）；位数不对、含其他字符或号段不对的列为疑点，回访时无法联系。疑点依据不显示号码本身。
-- 整改建议: 入户或电话核实，更正为本人或家庭常用的手机号码。
-- 适用年度: 2021-
-- 需要: monitor_persons.phone
with phones as (
    select *, regexp_replace(trim(phone), '[\s-]', '', 'g') as digits
    from monitor_persons_in($year, $county, $township, $village)
    where phone is not null and trim(phone) <> ''
)

select
    county, township, village, household_id, name, id_number, null::varchar as project,
    coalesce(relation, '成员') || '的联系电话' || case
        when not regexp_full_match(digits, '[0-9]+') then '含数字以外的字符'
        when length(digits) <> 11 then '为' || length(digits) || '位数字'
        else '号段不是手机号码（' || substr(digits, 1, 2) || '开头）' end || '，不是11位手机号码' as evidence
from phones
where not regexp_full_match(digits, '1[3-9][0-9]{9}')
