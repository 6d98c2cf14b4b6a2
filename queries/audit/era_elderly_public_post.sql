-- Persons aged 70 or more in a 公益性岗位 (务工 ledger), at the job's start or else at the end of the year.
-- id: era_elderly_public_post
-- 名称: 70周岁以上人员在公益性岗位就业
-- 类别: 帮扶措施
-- 严重程度: 中
-- 说明: 公益性岗位应安置有劳动能力的人员，年满70周岁（按证件号码计算到务工开始时间，未填的到本年12月31日）的人员在公益性岗位的列为疑点。
-- 整改建议: 核实该人员是否实际在岗、能否胜任，不符合条件的调整岗位人员；证件号码录错的更正。
-- 适用年度: 2021-
-- 需要: migrant_jobs.channel
with jobs as (
    select *, age_on(id_birth_date(id_number), coalesce(start_date, make_date($year, 12, 31))) as age
    from migrant_jobs_in($year, $county, $township, $village)
    where channel = '公益性岗位'
)

select
    county, township, village, household_id, name, id_number, null::varchar as project,
    '就业渠道为公益性岗位' || coalesce('（' || work_place || '）', '') || '，'
        || coalesce(strftime(start_date, '%Y-%m-%d') || '开始务工时', $year || '年底') || age || '周岁' as evidence
from jobs
where age >= 70
