-- Projects of one year in an area: count, total investment and fiscal funds (万元, added in cents and rounded once),
-- villages reached.
-- reads: known_village_rollup
with in_area as (
    select * from projects_in($year, $county, $township, $village)
)

select
    count(*) as projects_count,
    round_half_up(coalesce(sum(cents(total_investment)), 0) / 1000000, 2) as project_investment_wan,
    round_half_up(coalesce(sum(cents(fiscal_funds)), 0) / 1000000, 2) as project_fiscal_wan,
    (
        select count(distinct (l.county, l.township, l.village))
        from project_links_in($year) l
        where l.project_key in (select project_key from in_area)
          and ($county is null or l.county = $county)
          and ($township is null or l.township = $township)
          and ($village is null or l.village = $village)
    ) as villages_with_project
from in_area
