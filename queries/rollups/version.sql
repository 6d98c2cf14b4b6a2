-- Which imports a year's rows come from (a hash of their batch ids): a year's rollups are rebuilt
-- when it changes (an import, an undo, the demo handed over), and only then.
select md5(coalesce(string_agg(batch_id, ',' order by batch_id), '')) as version
from (
    select distinct batch_id from households where year = $year
    union
    select distinct batch_id from villages where year = $year
    union
    select distinct batch_id from measures where year = $year
)
