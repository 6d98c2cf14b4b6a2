-- The villages of the households snapshots of these (year, county, township) places, with their households:
-- what an import into the township leaves alone or, replacing the whole township, drops.
select t.village, count(*) as rows
from households t
where exists (
    select 1 from incoming_snapshots s
    where s.year = t.year and s.county is not distinct from t.county and s.township is not distinct from t.township
)
group by all
order by t.village nulls last
