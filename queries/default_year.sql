-- The year the dashboard opens on: the newest year of the monitoring exports (防返贫监测, 2021 on) where the store
-- has any; otherwise the latest year in which at least half of the villages with registered households still have
-- poor households (未脱贫户); null when no year qualifies (the caller then takes the latest year).
-- reads: household_cause_rollup
with by_village as (
    select year, county, township, village, sum(poor_households) as poor_households
    from household_cause_rollup_in(null, null, null, null)
    where village is not null
    group by all
),

by_year as (
    select year, count(*) filter (where poor_households > 0) as villages_with_poor, count(*) as villages
    from by_village
    group by year
),

registry_year as (
    select max(year) as year
    from by_year
    where 2 * villages_with_poor >= villages
),

monitoring_year as (
    select max(year) as year from monitor_households
)

select coalesce((select year from monitoring_year), (select year from registry_year)) as year
