-- Every village a project of year y reaches: named ones, and for 全乡/全镇 every known village of its township.
create or replace macro project_links_in(y) as table
    select l.project_key, l.year, l.county, l.township, l.village
    from project_villages l
    where l.year = y and not l.whole_township
    union
    select l.project_key, l.year, l.county, l.township, k.village
    from project_villages l
    join known_village_rollup k
      on k.year = y and k.county is not distinct from l.county and k.township is not distinct from l.township
    where l.year = y and l.whole_township;
