-- Registered households by 贫困户属性 and main cause in one year, with each cause's share of the attribute.
with counted as (
    select
        coalesce(attribute, '未填写') as attribute,
        coalesce(main_cause, '未填写') as cause,
        count(*) as households,
        coalesce(sum(household_size), 0)::bigint as population
    from households_in($year, $county, $township, $village)
    group by all
)

select
    attribute,
    cause,
    households,
    population,
    round_half_up(100 * households / sum(households) over (partition by attribute), 2) as share_pct
from counted
order by attribute, households desc, cause
