-- The cause mix of the remaining poor (未脱贫/返贫) households year by year.
-- reads: household_cause_rollup
with counted as (
    select
        year,
        coalesce(main_cause, '未填写') as cause,
        sum(poor_households)::bigint as poor_households
    from household_cause_rollup_in(null, $county, $township, $village)
    group by all
    having sum(poor_households) > 0
)

select
    year,
    cause,
    poor_households,
    round_half_up(100 * poor_households / sum(poor_households) over (partition by year), 2) as share_pct
from counted
order by year, poor_households desc, cause
