-- The coverage rule, once: for every place of an area (places()) and year (y, or every year when null), which
-- ledgers of that year are present for it. households: its households snapshot has rows; agri_population: the
-- villages ledger gives it 农业户籍人口 (> 0); projects: the projects ledger has rows for its township (a row without
-- 县 or 乡镇 counts for every county or township); measures: the measures ledger has rows for it (likewise without
-- 县, 乡镇 or 村). A figure takes numerator and denominator over the places that have what it needs.
create or replace macro ledger_coverage(y, cty, town, vil) as table
    with known as (
        select county, township, village from places()
        where (cty is null or county = cty)
          and (town is null or township = town)
          and (vil is null or village = vil)
    ),

    years as (
        select y as year where y is not null
        union
        select distinct year from households where y is null
        union
        select distinct year from villages where y is null
        union
        select distinct year from projects where y is null
        union
        select distinct year from measures where y is null
    ),

    hh as (
        select distinct year, county, township, village from households where y is null or year = y
    ),

    agri as (
        select distinct year, county, township, village from villages
        where (y is null or year = y) and agri_population > 0
    ),

    pj as (
        select distinct year, county, township from projects where y is null or year = y
    ),

    ms as (
        select distinct year, county, township, village from measures where y is null or year = y
    )

    select
        yr.year,
        k.county,
        k.township,
        k.village,
        exists (
            select 1 from hh
            where hh.year = yr.year and hh.county is not distinct from k.county
              and hh.township is not distinct from k.township and hh.village is not distinct from k.village
        ) as households,
        exists (
            select 1 from agri
            where agri.year = yr.year and agri.county is not distinct from k.county
              and agri.township is not distinct from k.township and agri.village = k.village
        ) as agri_population,
        exists (
            select 1 from pj
            where pj.year = yr.year and (pj.county is null or pj.county is not distinct from k.county)
              and (pj.township is null or pj.township is not distinct from k.township)
        ) as projects,
        exists (
            select 1 from ms
            where ms.year = yr.year and (ms.county is null or ms.county is not distinct from k.county)
              and (ms.township is null or ms.township is not distinct from k.township)
              and (ms.village is null or ms.village is not distinct from k.village)
        ) as measures
    from known k
    cross join years yr;
