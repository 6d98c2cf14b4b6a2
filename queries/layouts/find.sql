-- The saved layout for one header signature (none when no file with these headers was mapped before).
select signature, name, kind, header_row, headers, mapping, created_by, created_at, used_at
from layouts
where signature = $signature
