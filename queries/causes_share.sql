-- Registered households by main cause of poverty in one year, with shares and the cumulative share (Pareto).
with counted as (
    select
        coalesce(main_cause, '未填写') as cause,
        count(*) as households,
        coalesce(sum(household_size), 0)::bigint as population,
        count(*) filter (where status in ('未脱贫', '返贫')) as poor_households
    from households_in($year, $county, $township, $village)
    group by all
)

select
    cause,
    households,
    population,
    poor_households,
    round(100 * households / sum(households) over (), 2) as share_pct,
    round(100 * sum(households) over (order by households desc, cause rows unbounded preceding)
          / sum(households) over (), 2) as cumulative_pct
from counted
order by households desc, cause
