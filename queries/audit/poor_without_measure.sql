-- 未脱贫 (or 返贫) households with no support measure that year, in townships the measures ledger covers.
-- id: poor_without_measure
-- 名称: 未脱贫户当年没有帮扶措施
-- 类别: 项目
-- 严重程度: 中
-- 说明: 未脱贫（含返贫）的户在当年帮扶措施台账中没有任何措施（按户主证件号码，无证件号码时按户编号匹配）。只检查帮扶措施台账已覆盖的乡镇。
-- 整改建议: 核实是否已落实帮扶措施：已落实的补录到帮扶措施台账，未落实的制定并落实因户施策措施。
-- 适用年度: 2014-2020
-- 需要: households.status, measures
with covered as (
    select distinct township from measures where year = $year
)

select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    status || '，' || $year || '年帮扶措施台账中没有本户的措施' as evidence
from household_measures_in($year, $county, $township, $village)
where is_poor(status) and measures = 0
  and (township in (select township from covered where township is not null)
       or exists (select 1 from covered where township is null))
