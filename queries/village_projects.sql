-- The projects of one year that reach one village (named, or 全乡/全镇).
-- reads: known_village_rollup
select
    p.project_name,
    p.category,
    p.villages as location,
    p.total_investment,
    p.fiscal_funds,
    p.beneficiary_households,
    p.status,
    p.start_date,
    p.end_date
from projects p
where p.year = $year
  and p.project_key in (
      select project_key from project_links_in($year)
      where county is not distinct from $county and township is not distinct from $township and village = $village)
order by p.total_investment desc nulls last, p.project_name
