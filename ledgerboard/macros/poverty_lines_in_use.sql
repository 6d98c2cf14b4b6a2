-- The poverty line of every year under the configured standard (settings.line_region).
create or replace macro poverty_lines_in_use() as table
    select l.year, l.line_yuan
    from poverty_lines l
    join settings s on s.key = 'line_region' and s.value = l.region;
