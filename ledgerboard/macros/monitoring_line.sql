-- The monitoring line of a county and year: its own, else the one set for every county; null when none is set.
-- The demo's lines (origin 'demo') count only while no real import is active: real data never gets the demo's.
-- The lines' columns are renamed (line_year, line_region) so that a caller passing its own column `year` or
-- `region` gets the caller's value: a macro argument is bound where it is used, and an unqualified `year` inside
-- the subquery would be the lines' own (every line of every year would match).
create or replace macro monitoring_line(y, c) as (
    select line_yuan
    from (select year as line_year, region as line_region, line_yuan, origin as line_origin from monitoring_lines)
    where line_year = y and line_region in (coalesce(c, ''), '')
      and (line_origin is distinct from 'demo'
           or not exists (select 1 from import_batches where status = 'active' and origin <> 'demo'))
    order by line_region desc
    limit 1
);
