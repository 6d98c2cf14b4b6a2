-- {table} of a year and the year before as it was before one import: that import's rows out, the rows it replaced back.
create temp table {table} as
select * from main.{table}
where year between $year - 1 and $year and batch_id <> $batch_id
union all by name
select * exclude (archived_by) from main.{table}_archive
where year between $year - 1 and $year and archived_by = $batch_id
