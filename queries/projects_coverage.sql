-- Village × project category: projects of one year reaching each village, villages without any project included (category null);
-- the $top villages that most need a look: poor households but no project first, then the most poor households.
-- reads: known_village_rollup
with known as (
    select county, township, village from known_villages_in($year, $county, $township, $village)
),

loaded as (
    select county, township, village from ledger_coverage($year, $county, $township, $village) where households
),

hh as (
    select county, township, village, count(*) filter (where is_poor(status)) as poor_households
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
),

reached as (
    select l.county, l.township, l.village, coalesce(p.category, '未填写') as category, count(*) as projects
    from project_links_in($year) l
    join projects p on p.project_key = l.project_key
    where ($county is null or l.county = $county)
      and ($township is null or l.township = $township)
      and ($village is null or l.village = $village)
    group by all
),

covered as (
    select
        k.county,
        k.township,
        k.village,
        case when l.village is not null then coalesce(hh.poor_households, 0) end as poor_households,
        r.category,
        coalesce(r.projects, 0) as projects
    from known k
    left join loaded l
      on l.county is not distinct from k.county and l.township is not distinct from k.township and l.village = k.village
    left join hh
      on hh.county is not distinct from k.county and hh.township is not distinct from k.township
     and hh.village = k.village
    left join reached r
      on r.county is not distinct from k.county and r.township is not distinct from k.township
     and r.village = k.village
),

shown as (
    select county, township, village
    from covered
    group by county, township, village
    qualify row_number() over (
        order by coalesce(any_value(poor_households) > 0 and sum(projects) = 0, false) desc,
                 any_value(poor_households) desc nulls last,
                 county, township, village) <= $top
)

select c.*
from covered c
semi join shown s
  on s.county is not distinct from c.county and s.township is not distinct from c.township and s.village = c.village
order by c.county, c.township, c.village, c.category
