-- Income structure of every village in one year: shares of 工资性, 生产经营性, 财产性, 转移性 income.
with sums as (
    select
        county,
        township,
        village,
        count(*) filter (where coalesce(wage_income, business_income, property_income, transfer_income) is not null) as households,
        coalesce(sum(wage_income), 0) as wage,
        coalesce(sum(business_income), 0) as business,
        coalesce(sum(property_income), 0) as property,
        coalesce(sum(transfer_income), 0) as transfer
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
)

select
    county,
    township,
    village,
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
order by transfer_pct desc, county, township, village
