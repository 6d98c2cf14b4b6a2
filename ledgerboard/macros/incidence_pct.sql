-- 贫困发生率 (%) = 100 × 未脱贫（含返贫）人口 ÷ 农业户籍人口, over the same villages, 2 decimals half up; null without
-- a denominator. The one incidence formula: every query and metrics() compute it here.
create or replace macro incidence_pct(poor_population, agri_population) as
    case when agri_population > 0
         then round_half_up(100 * poor_population::decimal(38, 9) / agri_population, 2) end;
