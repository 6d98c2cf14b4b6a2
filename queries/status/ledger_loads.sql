-- Which ledgers are loaded for every year, county and township: rows, villages, files and import date.
with loaded as (
    select 'households' as kind, year, county, township, village, batch_id from households_in(null, $county, $township, null)
    union all
    select 'villages', year, county, township, village, batch_id from villages_in(null, $county, $township, null)
    union all
    select 'projects', year, county, township, null, batch_id from projects
    where ($county is null or county = $county) and ($township is null or township = $township)
    union all
    select 'measures', year, county, township, village, batch_id from measures
    where ($county is null or county = $county) and ($township is null or township = $township)
),

per_batch as (
    select kind, year, county, township, batch_id, count(*) as rows, count(distinct village) as villages
    from loaded
    group by all
)

select
    p.kind,
    p.year,
    p.county,
    p.township,
    sum(p.rows)::bigint as rows,
    sum(p.villages)::bigint as villages,
    string_agg(distinct b.file_name, '、' order by b.file_name) as files,
    max(b.imported_at) as last_import
from per_batch p
join import_batches b using (batch_id)
group by all
order by p.year desc, p.county, p.township, p.kind
