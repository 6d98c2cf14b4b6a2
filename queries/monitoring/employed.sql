-- 脱贫劳动力务工就业人数: distinct persons of 脱贫户 (in the year's monitoring export) with a job in the 务工 ledger of
-- the year (是否已务工 not 否; a person with two jobs counts once).
with jobs as (
    select distinct county, id_number
    from migrant_jobs_in($year, $county, $township, $village)
    where employed is not false
),

exited_persons as (
    select distinct p.county, p.id_number
    from monitor_persons p
    join monitor_households h
        on h.batch_id = p.batch_id and h.year = p.year
        and h.county is not distinct from p.county and h.household_id = p.household_id
    where p.year = $year and h.household_type = '脱贫户'
)

select
    (select count(*) from migrant_jobs_in($year, $county, $township, $village)) as job_rows,
    count(*) as employed_exited_labour
from jobs j
join exited_persons e on e.county is not distinct from j.county and e.id_number = j.id_number
