-- Projects and funds of one year by village, per registered and poor household. A project's funds are split over the
-- villages it reaches in whole 0.01万元 (project_fund_shares_in: the remainder one unit each to its first villages),
-- so the villages add up to the projects' total exactly. A village whose
-- households ledger of the year is not imported has no household counts (null: 未导入).
-- reads: known_village_rollup
with funds as (
    select
        county,
        township,
        village,
        count(*) as projects,
        sum(investment_units) as investment_units,
        sum(fiscal_units) as fiscal_units
    from project_fund_shares_in($year)
    where ($county is null or county = $county)
      and ($township is null or township = $township)
      and ($village is null or village = $village)
    group by all
),

known as (
    select county, township, village from known_villages_in($year, $county, $township, $village)
    union
    select county, township, village from funds
),

loaded as (
    select county, township, village from ledger_coverage($year, $county, $township, $village) where households
),

hh as (
    select
        county,
        township,
        village,
        count(*) as registered_households,
        count(*) filter (where is_poor(status)) as poor_households
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
)

select
    k.county,
    k.township,
    k.village,
    case when l.village is not null then coalesce(hh.registered_households, 0) end as registered_households,
    case when l.village is not null then coalesce(hh.poor_households, 0) end as poor_households,
    coalesce(f.projects, 0) as projects,
    round_half_up(coalesce(f.investment_units, 0) / 100, 2) as investment_wan,
    round_half_up(coalesce(f.fiscal_units, 0) / 100, 2) as fiscal_wan,
    round_half_up(100 * f.investment_units / nullif(hh.registered_households, 0), 0) as investment_per_household_yuan,
    coalesce(hh.poor_households, 0) > 0 and coalesce(f.projects, 0) = 0 as gap
from known k
left join loaded l
  on l.county is not distinct from k.county and l.township is not distinct from k.township and l.village = k.village
left join hh
  on hh.county is not distinct from k.county and hh.township is not distinct from k.township and hh.village = k.village
left join funds f
  on f.county is not distinct from k.county and f.township is not distinct from k.township and f.village = k.village
order by investment_wan desc, k.county, k.township, k.village
