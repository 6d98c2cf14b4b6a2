-- Projects and funds of one year by township, as projects_by_village per village: a project's funds split over the
-- villages it reaches in whole 0.01万元 (project_fund_shares_in), the township's share the sum of its villages'
-- shares, so the townships add up to the projects' total exactly. Coverage per place: villages named by at least one
-- project among the township's villages. A township whose households ledger of the year is not
-- imported for any village has no household counts (null: 未导入).
-- reads: known_village_rollup
with shares as (
    select * from project_fund_shares_in($year)
    where ($county is null or county = $county)
      and ($township is null or township = $township)
),

funds as (
    select
        county,
        township,
        count(distinct project_key) as projects,
        count(distinct village) as villages_with_project,
        sum(investment_units) as investment_units,
        sum(fiscal_units) as fiscal_units
    from shares
    group by all
),

known as (
    select county, township, village from known_villages_in($year, $county, $township, null)
    union
    select county, township, village from shares
),

towns as (
    select county, township, count(distinct village) as villages from known group by all
),

loaded as (
    select county, township, count(*) as villages_loaded
    from ledger_coverage($year, $county, $township, null)
    where households
    group by all
),

hh as (
    select
        county,
        township,
        count(*) as registered_households,
        count(*) filter (where is_poor(status)) as poor_households
    from households_in($year, $county, $township, null)
    group by all
)

select
    t.county,
    t.township,
    case when l.villages_loaded > 0 then coalesce(hh.registered_households, 0) end as registered_households,
    case when l.villages_loaded > 0 then coalesce(hh.poor_households, 0) end as poor_households,
    coalesce(f.projects, 0) as projects,
    coalesce(f.villages_with_project, 0) as villages_with_project,
    t.villages,
    round_half_up(coalesce(f.investment_units, 0) / 100, 2) as investment_wan,
    round_half_up(coalesce(f.fiscal_units, 0) / 100, 2) as fiscal_wan,
    round_half_up(100 * f.investment_units / nullif(hh.registered_households, 0), 0) as investment_per_household_yuan,
    coalesce(hh.poor_households, 0) > 0 and coalesce(f.projects, 0) = 0 as gap
from towns t
left join loaded l on l.county is not distinct from t.county and l.township is not distinct from t.township
left join hh on hh.county is not distinct from t.county and hh.township is not distinct from t.township
left join funds f on f.county is not distinct from t.county and f.township is not distinct from t.township
order by investment_wan desc, t.county, t.township
