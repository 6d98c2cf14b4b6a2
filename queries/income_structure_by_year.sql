-- Income structure per year: 工资性, 生产经营性, 财产性, 转移性 income of registered households and their shares.
with sums as (
    select
        year,
        count(*) filter (where coalesce(wage_income, business_income, property_income, transfer_income) is not null) as households,
        coalesce(sum(wage_income), 0) as wage,
        coalesce(sum(business_income), 0) as business,
        coalesce(sum(property_income), 0) as property,
        coalesce(sum(transfer_income), 0) as transfer
    from households_in(null, $county, $township, $village)
    group by year
)

select
    year,
    households,
    wage,
    business,
    property,
    transfer,
    round_half_up(100 * wage / nullif(wage + business + property + transfer, 0), 2) as wage_pct,
    round_half_up(100 * business / nullif(wage + business + property + transfer, 0), 2) as business_pct,
    round_half_up(100 * property / nullif(wage + business + property + transfer, 0), 2) as property_pct,
    round_half_up(100 * transfer / nullif(wage + business + property + transfer, 0), 2) as transfer_pct
from sums
where households > 0
order by year
