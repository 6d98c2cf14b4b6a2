-- Projects of one year in an area: count, total investment and fiscal funds (万元), villages reached.
with links as (
    select project_key, township, village
    from project_village_links
    where year = $year
),

in_area as (
    select p.*
    from projects p
    where p.year = $year
      and ($county is null or p.county = $county)
      and ($township is null or p.township = $township)
      and ($village is null or p.project_key in (select project_key from links where village = $village))
)

select
    count(*) as projects_count,
    sum(total_investment) as project_investment_wan,
    sum(fiscal_funds) as project_fiscal_wan,
    (
        select count(distinct (l.township, l.village))
        from links l
        where l.project_key in (select project_key from in_area)
          and ($township is null or l.township = $township)
          and ($village is null or l.village = $village)
    ) as villages_with_project
from in_area
