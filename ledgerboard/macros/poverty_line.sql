-- The poverty line of year y in use (null when the standard has none for y). The year column is renamed so that a
-- caller passing its own column `year` gets its own value (see monitoring_line.sql).
create or replace macro poverty_line(y) as (
    select line_yuan from (select year as line_year, line_yuan from poverty_lines_in_use()) where line_year = y
);
