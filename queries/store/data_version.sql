-- A fingerprint of the store's contents and of every setting that changes a figure: it changes with every import and
-- undo, and with the poverty-line standard (settings.line_region), the village exit standard (settings.exit_region),
-- the poverty lines and exit thresholds themselves and the monitoring lines (防止返贫监测范围), so figures cached on it
-- never outlive a change of any of them. Column 2 (last_import) is read as the date of the data.
select
    count(*) as batches,
    max(imported_at)::varchar as last_import,
    max(undone_at)::varchar as last_undo,
    (select string_agg(key || '=' || value, ';' order by key) from settings
     where key in ('line_region', 'exit_region')) as standards,
    (select md5(coalesce(string_agg(region || ':' || year || ':' || line_yuan, ';' order by region, year), ''))
     from poverty_lines) as poverty_lines,
    (select md5(coalesce(string_agg(region || ':' || incidence_pct, ';' order by region), ''))
     from exit_thresholds) as exit_thresholds,
    (select md5(coalesce(string_agg(region || ':' || year || ':' || line_yuan || ':' || coalesce(origin, ''), ';'
                                    order by region, year), ''))
     from monitoring_lines) as monitoring_lines
from import_batches
