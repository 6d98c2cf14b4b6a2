-- The monitoring line of a county and year: its own, else the one set for every county; null when none is set.
create or replace macro monitoring_line(y, c) as (
    select line_yuan from monitoring_lines
    where year = y and region in (coalesce(c, ''), '')
    order by region desc
    limit 1
);
