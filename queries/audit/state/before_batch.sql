-- {table} as it was before one import (the variable audit_batch): that import's rows out, the rows it replaced back.
create temp view {table} as
select * from {catalog}.main.{table}
where batch_id <> getvariable('audit_batch')
union all by name
select * exclude (archived_by) from {catalog}.main.{table}_archive
where archived_by = getvariable('audit_batch')
