-- Villages marked 已出列 whose incidence from the household detail is at or above the exit threshold.
-- id: exited_village_incidence
-- 名称: 已出列村贫困发生率不低于出列标准
-- 类别: 退出
-- 严重程度: 高
-- 说明: 村基本情况台账中出列年度不晚于本年的村，按户台账计算的贫困发生率（未脱贫及返贫人口÷农业户籍人口）不低于出列标准（设置中的2%或西部3%）。
-- 整改建议: 核实未脱贫人口和农业户籍人口；确不达标的，核查出列程序并落实巩固措施。
-- 适用年度: 2014-2020
-- 需要: villages.exit_year, villages.agri_population, households, exit_threshold
with threshold as (
    select t.incidence_pct
    from exit_thresholds t
    join settings s on s.key = 'exit_region' and s.value = t.region
),

exited as (
    select county, township, village, exit_year, agri_population
    from villages_in($year, $county, $township, $village)
    where exit_year <= $year and agri_population > 0
),

poor as (
    select county, township, village,
           coalesce(sum(household_size) filter (where is_poor(status)), 0) as poor_population
    from households_in($year, $county, $township, $village)
    group by all
)

select
    coalesce(v.county, p.county) as county, v.township, v.village,
    null::varchar as household_id, null::varchar as name, null::varchar as id_number, null::varchar as project,
    v.exit_year || '年已出列，' || $year || '年贫困发生率'
        || printf('%.2f', 100.0 * p.poor_population / v.agri_population) || '%（未脱贫及返贫' || p.poor_population
        || '人÷农业户籍人口' || v.agri_population || '人），不低于出列标准' || printf('%g', t.incidence_pct) || '%' as evidence
from exited v
join poor p
  on p.township is not distinct from v.township and p.village = v.village
 and (v.county is null or p.county is null or p.county = v.county)
cross join threshold t
where 100.0 * p.poor_population / v.agri_population >= t.incidence_pct
