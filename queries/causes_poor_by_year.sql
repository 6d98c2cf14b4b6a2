-- The cause mix of the remaining poor (未脱贫/返贫) households year by year.
with counted as (
    select
        year,
        coalesce(main_cause, '未填写') as cause,
        count(*) as poor_households
    from households_in(null, $county, $township, $village)
    where status in ('未脱贫', '返贫')
    group by all
)

select
    year,
    cause,
    poor_households,
    round(100 * poor_households / sum(poor_households) over (partition by year), 2) as share_pct
from counted
order by year, poor_households desc, cause
