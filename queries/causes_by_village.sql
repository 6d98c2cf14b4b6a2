-- Registered households by village and main cause in one year, with each cause's share of the village:
-- the $top villages with the most registered households (a chart's worth), and how many villages the area has.
-- reads: household_cause_rollup
with counted as (
    select
        county,
        township,
        village,
        coalesce(main_cause, '未填写') as cause,
        sum(households)::bigint as households
    from household_cause_rollup_in($year, $county, $township, $village)
    where village is not null
    group by all
),

sized as (
    select county, township, village, sum(households) as village_households
    from counted
    group by all
),

shown as (
    select county, township, village, count(*) over () as villages_in_area,
           least(count(*) over (), $top) as villages_shown
    from sized
    qualify row_number() over (order by village_households desc, county, township, village) <= $top
)

select
    c.county,
    c.township,
    c.village,
    c.cause,
    c.households,
    round_half_up(100 * c.households / sum(c.households) over (partition by c.county, c.township, c.village), 2) as share_pct,
    s.villages_in_area,
    s.villages_shown
from counted c
join shown s
  on s.county is not distinct from c.county and s.township is not distinct from c.township and s.village = c.village
order by c.county, c.township, c.village, c.households desc, c.cause
