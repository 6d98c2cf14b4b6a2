-- Schema version 6: the project-village links of one year as a table macro. The project_village_links view
-- (version 1) finds the villages of 全乡/全镇 projects among the villages known in every year, so each project
-- query scanned the whole households table (20 M rows in a province) even for one village and year.
-- The villages known in a year (villages ledger or households snapshot): a rollup (see 005), so that a
-- 全乡/全镇 project's villages are found without a distinct over the year's households on every query.
-- Its macros are defined in ledgerboard/macros/ (one per file, re-applied on every start).
create table if not exists known_village_rollup (
    year integer not null,
    township varchar,
    village varchar
);
