-- Projects and funds of one year by village, per registered and poor household. A project's funds are split over the
-- villages it reaches in whole 0.01万元 (the unit the figures show), the remainder one unit each to its first villages
-- in (county, township, village) order, so the villages add up to the projects' total exactly. A village whose
-- households ledger of the year is not imported has no household counts (null: 未导入).
-- reads: known_village_rollup
with links as (
    select
        l.project_key,
        l.county,
        l.township,
        l.village,
        count(*) over (partition by l.project_key) as villages_reached,
        row_number() over (partition by l.project_key order by l.county, l.township, l.village) as place_no
    from project_links_in($year) l
),

shares as (
    select
        l.*,
        (round_half_up(p.total_investment, 2) * 100)::hugeint as investment_units,
        (round_half_up(p.fiscal_funds, 2) * 100)::hugeint as fiscal_units
    from links l
    join projects p on p.project_key = l.project_key
),

funds as (
    select
        county,
        township,
        village,
        count(*) as projects,
        sum(investment_units // villages_reached
            + case when place_no <= investment_units % villages_reached then 1 else 0 end) as investment_units,
        sum(fiscal_units // villages_reached
            + case when place_no <= fiscal_units % villages_reached then 1 else 0 end) as fiscal_units
    from shares
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
