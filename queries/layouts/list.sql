-- Every saved layout, the most recently used first.
select signature, name, kind, header_row, headers, mapping, created_by, created_at, used_at
from layouts
order by coalesce(used_at, created_at) desc, name
