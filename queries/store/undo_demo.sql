-- What undoing this batch's import group does to the demo county: whether it is aside (its rows in the archive),
-- whether this group moved it aside (it holds the oldest active real import), and how many real imports stay.
with grp as (
    select batch_id from import_batches
    where batch_group = (select batch_group from import_batches where batch_id = $batch_id) and status = 'active'
),

demo_batches as (
    select batch_id from import_batches where origin = 'demo'
),

real as (
    select batch_id, imported_at from import_batches where status = 'active' and origin <> 'demo'
)

select
    exists (
        select 1 from households_archive
        where batch_id in (select batch_id from demo_batches)
          and (archived_by = 'demo' or archived_by in (select batch_id from grp))
    ) as demo_aside,
    coalesce((select batch_id from real order by imported_at, batch_id limit 1) in (select batch_id from grp), false)
        as moved_here,
    (select count(*) from real where batch_id not in (select batch_id from grp)) as real_left
