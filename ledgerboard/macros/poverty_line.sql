-- The poverty line of year y in use (null when the standard has none for y).
create or replace macro poverty_line(y) as (select line_yuan from poverty_lines_in_use() where year = y);
