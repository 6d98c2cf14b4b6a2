-- Projects and funds of one year by village (a project's funds split evenly over the villages it reaches), per registered and poor household.
-- reads: known_village_rollup
with known as (
    select county, township, village from known_villages_in($year, $county, $township, $village)
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
),

links as (
    select l.project_key, l.county, l.township, l.village,
           count(*) over (partition by l.project_key) as villages_reached
    from project_links_in($year) l
),

funds as (
    select
        l.county,
        l.township,
        l.village,
        count(*) as projects,
        sum(p.total_investment / l.villages_reached) as investment_wan,
        sum(p.fiscal_funds / l.villages_reached) as fiscal_wan
    from links l
    join projects p on p.project_key = l.project_key
    group by all
)

select
    k.county,
    k.township,
    k.village,
    coalesce(hh.registered_households, 0) as registered_households,
    coalesce(hh.poor_households, 0) as poor_households,
    coalesce(f.projects, 0) as projects,
    round(coalesce(f.investment_wan, 0), 2) as investment_wan,
    round(coalesce(f.fiscal_wan, 0), 2) as fiscal_wan,
    round(10000 * f.investment_wan / nullif(hh.registered_households, 0), 0) as investment_per_household_yuan,
    coalesce(hh.poor_households, 0) > 0 and coalesce(f.projects, 0) = 0 as gap
from known k
left join hh
  on hh.county is not distinct from k.county and hh.township is not distinct from k.township and hh.village = k.village
left join funds f
  on f.county is not distinct from k.county and f.township is not distinct from k.township and f.village = k.village
order by investment_wan desc, k.county, k.township, k.village
