-- Projects of one year in an area by progress (未开工/在建/已完工/已验收): count and total investment (万元).
-- reads: known_village_rollup
with in_area as (
    select coalesce(status, '未填写') as progress, total_investment
    from projects_in($year, $county, $township, $village)
)

select
    progress as status,
    count(*) as projects,
    round_half_up(coalesce(sum(cents(total_investment)), 0) / 1000000, 2) as investment_wan
from in_area
group by progress
order by coalesce(list_position(['未开工', '在建', '已完工', '已验收'], progress), 5)
