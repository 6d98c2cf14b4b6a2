-- 监测对象 persons over 农业户籍人口 by village in one year (监测对象占农业户籍人口比例): the places of the area that the
-- year's monitoring export or villages ledger names (ledger_coverage), with the share only where the village has both
-- (exported and agri_population: the same villages above and below the line); else null, never 0.
with m as (
    select
        county, township, village,
        count(*) filter (where monitor_type is not null) as monitored_households,
        coalesce(sum(household_size) filter (where monitor_type is not null), 0) as monitored_population
    from monitor_households_in($year, $county, $township, $village)
    where village is not null
    group by all
),

v as (
    select county, township, village, sum(agri_population) as agri_population
    from villages_in($year, $county, $township, $village)
    where village is not null
    group by all
),

places as (
    select c.county, c.township, c.village, c.monitoring as exported, c.agri_population as has_agri
    from ledger_coverage($year, $county, $township, $village) c
    where c.village is not null
      and (c.agri_population
           or c.monitoring
           or exists (select 1 from v where v.county is not distinct from c.county
                      and v.township is not distinct from c.township and v.village = c.village))
)

select
    p.county,
    p.township,
    p.village,
    p.exported,
    p.has_agri,
    m.monitored_households,
    m.monitored_population,
    case when p.has_agri then v.agri_population end as agri_population,
    case when p.exported and p.has_agri
         then round_half_up(100 * m.monitored_population / v.agri_population, 2) end as monitored_share_pct
from places p
left join m on m.county is not distinct from p.county and m.township is not distinct from p.township and m.village = p.village
left join v on v.county is not distinct from p.county and v.township is not distinct from p.township and v.village = p.village
order by p.county, p.township, p.village
