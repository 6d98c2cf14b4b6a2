-- The saved layout of one name.
select signature, name, kind, header_row, headers, mapping, created_by, created_at, used_at
from layouts
where name = $layout_name
