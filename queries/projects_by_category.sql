-- Projects of one year in an area by category: count, total investment and fiscal funds (万元).
-- reads: known_village_rollup
select
    coalesce(category, '未填写') as category,
    count(*) as projects,
    round_half_up(coalesce(sum(cents(total_investment)), 0) / 1000000, 2) as investment_wan,
    round_half_up(coalesce(sum(cents(fiscal_funds)), 0) / 1000000, 2) as fiscal_wan,
    coalesce(sum(beneficiary_households), 0)::bigint as beneficiary_households
from projects_in($year, $county, $township, $village)
group by all
order by investment_wan desc, projects desc, category
