-- 脱贫人口人均纯收入 by village in one year (persons-weighted) and its growth over the same households of Y−1
-- (exited_income_matched_in, as monitoring/income_growth). The villages are the places of ledger_coverage that the
-- year's villages ledger or monitoring export names; a village without the year's export (ledger_coverage's
-- monitoring) has no figures (exported false: 未导入, never 0).
with now as (
    select county, township, village, household_id, head_id_number, household_type, monitor_type,
           income_per_capita, household_size
    from monitor_households_in($year, $county, $township, $village)
),

known as (
    select c.county, c.township, c.village, c.monitoring as exported
    from ledger_coverage($year, $county, $township, $village) c
    where c.village is not null
      and (c.monitoring
           or exists (select 1 from villages_in($year, $county, $township, $village) v
                      where v.county is not distinct from c.county and v.township is not distinct from c.township
                        and v.village = c.village))
),

growth as (
    select county, township, village, count(*) as households_both,
           sum(income_now * size_now) / nullif(sum(size_now), 0) as mean_now,
           sum(income_prev * size_prev) / nullif(sum(size_prev), 0) as mean_prev
    from exited_income_matched_in($year, $county, $township, $village)
    group by all
),

figures as (
    select
        county, township, village,
        count(*) filter (where household_type = '脱贫户') as exited_poor_households,
        coalesce(sum(household_size) filter (where household_type = '脱贫户'), 0) as exited_poor_population,
        sum(income_per_capita * household_size) filter (where household_type = '脱贫户' and income_per_capita is not null)
            / nullif(sum(household_size) filter (where household_type = '脱贫户' and income_per_capita is not null), 0)
            as exited_poor_income_mean,
        sum(income_per_capita * household_size) filter (where monitor_type is not null and income_per_capita is not null)
            / nullif(sum(household_size) filter (where monitor_type is not null and income_per_capita is not null), 0)
            as monitored_income_mean
    from now
    group by all
)

select
    k.county,
    k.township,
    k.village,
    k.exported,
    f.exited_poor_households,
    f.exited_poor_population,
    round_half_up(f.exited_poor_income_mean, 2) as exited_poor_income_mean,
    round_half_up(f.monitored_income_mean, 2) as monitored_income_mean,
    round_half_up(100 * (g.mean_now / nullif(g.mean_prev, 0) - 1), 2) as exited_poor_income_growth_pct
from known k
left join figures f
  on f.county is not distinct from k.county and f.township is not distinct from k.township and f.village = k.village
left join growth g
  on g.county is not distinct from k.county and g.township is not distinct from k.township and g.village = k.village
order by k.county, k.township, k.village
