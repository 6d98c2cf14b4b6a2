-- 监测对象, 脱贫户 and risks of every village of an area in one year, and their townships and counties (level), with
-- the incomes and the monitoring line. A place whose monitoring export of the year is not imported has no counts
-- (null, not 0): 未导入. Places and whether each has the year's export are ledger_coverage's (the one rule: every place a
-- ledger knows, so a village without its export is listed).
with known as (
    select county, township, village, monitoring as imported
    from ledger_coverage($year, $county, $township, $village)
),

snapshot as (
    select
        county, township, village, household_size, household_type, monitor_type, income_per_capita,
        monitoring_line(year, county) as line,
        household_type = '脱贫户' as exited_poor,
        monitor_type is not null as monitored,
        monitor_type is not null and risk_eliminated is true as eliminated
    from monitor_households_in($year, $county, $township, $village)
),

v as (
    select
        county, township, village,
        count(*)::bigint as households,
        count(*) filter (where exited_poor)::bigint as exited_poor_households,
        coalesce(sum(household_size) filter (where exited_poor), 0)::bigint as exited_poor_population,
        count(*) filter (where monitored)::bigint as monitored_households,
        coalesce(sum(household_size) filter (where monitored), 0)::bigint as monitored_population,
        count(*) filter (where monitor_type = '脱贫不稳定户')::bigint as unstable_households,
        count(*) filter (where monitor_type = '边缘易致贫户')::bigint as edge_households,
        count(*) filter (where monitor_type = '突发严重困难户')::bigint as sudden_households,
        count(*) filter (where monitored and not eliminated)::bigint as risk_open_households,
        count(*) filter (where eliminated)::bigint as risk_eliminated_households,
        count(*) filter (where line is not null and income_per_capita < line and not monitored)::bigint
            as below_line_unmonitored,
        count(*) filter (where line is null)::bigint as households_without_line,
        sum(income_per_capita * household_size) filter (where exited_poor and income_per_capita is not null)
            as exited_income_sum,
        sum(household_size) filter (where exited_poor and income_per_capita is not null) as exited_income_persons,
        sum(income_per_capita * household_size) filter (where monitored and income_per_capita is not null)
            as monitored_income_sum,
        sum(household_size) filter (where monitored and income_per_capita is not null) as monitored_income_persons,
        min(line) as line_min,
        max(line) as line_max
    from snapshot
    group by all
),

rows as (
    select k.county, k.township, k.village, v.* exclude (county, township, village), k.imported
    from known k
    left join v
      on v.county is not distinct from k.county and v.township is not distinct from k.township
     and v.village is not distinct from k.village
),

rolled as (
    select
        case when grouping(village) = 0 then 'village' when grouping(township) = 0 then 'township' else 'county' end
            as level,
        county, township, village,
        count(village)::bigint as villages,
        count(village) filter (where imported)::bigint as villages_imported,
        sum(households)::bigint as households,
        sum(exited_poor_households)::bigint as exited_poor_households,
        sum(exited_poor_population)::bigint as exited_poor_population,
        sum(monitored_households)::bigint as monitored_households,
        sum(monitored_population)::bigint as monitored_population,
        sum(unstable_households)::bigint as unstable_households,
        sum(edge_households)::bigint as edge_households,
        sum(sudden_households)::bigint as sudden_households,
        sum(risk_open_households)::bigint as risk_open_households,
        sum(risk_eliminated_households)::bigint as risk_eliminated_households,
        case when sum(households_without_line) = 0 then sum(below_line_unmonitored) end::bigint as below_line_unmonitored,
        sum(exited_income_sum) / nullif(sum(exited_income_persons), 0) as exited_poor_income_mean,
        sum(monitored_income_sum) / nullif(sum(monitored_income_persons), 0) as monitored_income_mean,
        case when sum(households_without_line) = 0 and min(line_min) = max(line_max) then min(line_min) end
            as monitoring_line
    from rows
    group by grouping sets ((county), (county, township), (county, township, village))
)

select
    level, county, township, village, villages, villages_imported, households, exited_poor_households,
    exited_poor_population, monitored_households, monitored_population, unstable_households, edge_households,
    sudden_households, risk_open_households, risk_eliminated_households,
    round_half_up(100 * risk_eliminated_households / nullif(monitored_households, 0), 2) as risk_eliminated_pct,
    below_line_unmonitored, round_half_up(exited_poor_income_mean, 2) as exited_poor_income_mean,
    round_half_up(monitored_income_mean, 2) as monitored_income_mean, monitoring_line
from rolled
where not (level = 'village' and village is null)
order by level, monitored_households desc nulls last, county, township, village
