-- Village × project category: projects of one year reaching each village, villages without any project included (category null);
-- the $top villages that most need a look: poor households but no project first, then the most poor households.
with known as (
    select township, village from known_villages_in($year, $county, $township, $village)
),

hh as (
    select township, village, count(*) filter (where status in ('未脱贫', '返贫')) as poor_households
    from households_in($year, null, $township, $village)
    where village is not null
    group by all
),

reached as (
    select l.township, l.village, coalesce(p.category, '未填写') as category, count(*) as projects
    from project_links_in($year) l
    join projects p on p.project_key = l.project_key
    where l.year = $year and ($county is null or p.county = $county)
    group by all
),

covered as (
    select
        k.township,
        k.village,
        coalesce(hh.poor_households, 0) as poor_households,
        r.category,
        coalesce(r.projects, 0) as projects
    from known k
    left join hh on hh.township is not distinct from k.township and hh.village = k.village
    left join reached r on r.township is not distinct from k.township and r.village = k.village
),

shown as (
    select township, village
    from covered
    group by township, village
    qualify row_number() over (
        order by any_value(poor_households) > 0 and sum(projects) = 0 desc, any_value(poor_households) desc,
                 township, village) <= $top
)

select c.*
from covered c
semi join shown s on s.township is not distinct from c.township and s.village = c.village
order by c.township, c.village, c.category
