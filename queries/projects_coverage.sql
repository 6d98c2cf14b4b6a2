-- Village × project category: projects of one year reaching each village, villages without any project included (category null).
with known as (
    select township, village from known_villages_in($year, $county, $township, $village)
),

hh as (
    select township, village, count(*) filter (where status in ('未脱贫', '返贫')) as poor_households
    from households
    where year = $year and village is not null
    group by all
),

reached as (
    select l.township, l.village, coalesce(p.category, '未填写') as category, count(*) as projects
    from project_village_links l
    join projects p on p.project_key = l.project_key
    where l.year = $year and ($county is null or p.county = $county)
    group by all
)

select
    k.township,
    k.village,
    coalesce(hh.poor_households, 0) as poor_households,
    r.category,
    coalesce(r.projects, 0) as projects
from known k
left join hh on hh.township is not distinct from k.township and hh.village = k.village
left join reached r on r.township is not distinct from k.township and r.village = k.village
order by k.township, k.village, r.category
