-- Registered households by main cause of poverty in one year, with shares and the cumulative share (Pareto).
-- reads: household_cause_rollup
with counted as (
    select
        coalesce(main_cause, '未填写') as cause,
        sum(households)::bigint as households,
        coalesce(sum(population), 0)::bigint as population,
        sum(poor_households)::bigint as poor_households
    from household_cause_rollup_in($year, $county, $township, $village)
    group by all
)

select
    cause,
    households,
    population,
    poor_households,
    round_half_up(100 * households / sum(households) over (), 2) as share_pct,
    round_half_up(100 * sum(households) over (order by households desc, cause rows unbounded preceding)
          / sum(households) over (), 2) as cumulative_pct
from counted
order by households desc, cause
