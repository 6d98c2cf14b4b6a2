-- Whether the projects and measures ledgers hold any rows of $year for the area's county (ledgers without a
-- 县 column count for every county): without them a project count or a measure coverage is unknown, not 0.
select
    exists (
        select 1 from projects
        where year = $year and ($county is null or county is null or county = $county)
    ) as projects_loaded,
    exists (
        select 1 from measures
        where year = $year and ($county is null or county is null or county = $county)
    ) as measures_loaded
