-- Projects of one year in an area by category: count, total investment and fiscal funds (万元).
with in_area as (
    select p.*
    from projects p
    where p.year = $year
      and ($county is null or p.county = $county)
      and ($township is null or p.township = $township)
      and ($village is null or p.project_key in (
          select project_key from project_village_links where year = $year and village = $village))
)

select
    coalesce(category, '未填写') as category,
    count(*) as projects,
    round(coalesce(sum(total_investment), 0), 2) as investment_wan,
    round(coalesce(sum(fiscal_funds), 0), 2) as fiscal_wan,
    coalesce(sum(beneficiary_households), 0)::bigint as beneficiary_households
from in_area
group by all
order by investment_wan desc, projects desc, category
