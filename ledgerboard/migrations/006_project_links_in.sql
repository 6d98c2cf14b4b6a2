-- Schema version 6: the project-village links of one year as a table macro. The project_village_links view
-- (version 1) finds the villages of 全乡/全镇 projects among the villages known in every year, so each project
-- query scanned the whole households table (20 M rows in a province) even for one village and year.
-- The villages known in a year (villages ledger or households snapshot): a rollup (see 005), so that a
-- 全乡/全镇 project's villages are found without a distinct over the year's households on every query.
create table if not exists known_village_rollup (
    year integer not null,
    township varchar,
    village varchar
);

create or replace macro project_links_in(y) as table
    select l.project_key, l.year, l.township, l.village
    from project_villages l
    where l.year = y and not l.whole_township
    union
    select l.project_key, l.year, l.township, k.village
    from project_villages l
    join known_village_rollup k on k.year = y and k.township is not distinct from l.township
    where l.year = y and l.whole_township;

create or replace macro projects_in(y, cty, town, vil) as table
    select p.*
    from projects p
    where p.year = y
      and (cty is null or p.county = cty)
      and (town is null or p.township = town)
      and (vil is null or p.project_key in (
          select l.project_key from project_links_in(y) l where l.village = vil));
