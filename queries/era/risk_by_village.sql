-- 监测对象 by village and first 致贫/返贫风险 in one year, with each risk's share of the village's 监测对象: the $top
-- villages with the most 监测对象 (a chart's worth), and how many villages of the area have any.
with counted as (
    select county, township, village, coalesce(risks[1], '未填写') as risk, count(*) as households
    from monitor_households_in($year, $county, $township, $village)
    where monitor_type is not null and village is not null
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
    c.risk,
    c.households,
    round_half_up(100 * c.households / sum(c.households) over (partition by c.county, c.township, c.village), 2) as share_pct,
    s.villages_in_area,
    s.villages_shown
from counted c
join shown s
  on s.county is not distinct from c.county and s.township is not distinct from c.township and s.village = c.village
order by c.county, c.township, c.village, c.households desc, c.risk
