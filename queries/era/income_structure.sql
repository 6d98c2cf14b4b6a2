-- 脱贫户 income by source (工资性/生产经营性/财产性/转移性, 元) of an area in every year of the monitoring export, each
-- source's share of the four; only households whose export fills at least one source.
with parts as (
    select
        year,
        coalesce(wage_income, 0) as wage,
        coalesce(business_income, 0) as business,
        coalesce(property_income, 0) as property,
        coalesce(transfer_income, 0) as transfer
    from monitor_households_in(null, $county, $township, $village)
    where household_type = '脱贫户'
      and coalesce(wage_income, business_income, property_income, transfer_income) is not null
),

summed as (
    select year, count(*) as households, sum(wage) as wage, sum(business) as business, sum(property) as property,
           sum(transfer) as transfer
    from parts
    group by year
)

select
    year,
    households,
    round_half_up(wage, 0) as wage,
    round_half_up(business, 0) as business,
    round_half_up(property, 0) as property,
    round_half_up(transfer, 0) as transfer,
    round_half_up(100 * wage / nullif(wage + business + property + transfer, 0), 2) as wage_pct,
    round_half_up(100 * business / nullif(wage + business + property + transfer, 0), 2) as business_pct,
    round_half_up(100 * property / nullif(wage + business + property + transfer, 0), 2) as property_pct,
    round_half_up(100 * transfer / nullif(wage + business + property + transfer, 0), 2) as transfer_pct
from summed
where wage + business + property + transfer > 0
order by year
