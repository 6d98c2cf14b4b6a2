-- The coverage rule, once: for every place of an area (places()) and year (y, or every year when null), which
-- ledgers of that year are present for it. households: its households snapshot has rows; agri_population: the
-- villages ledger gives it 农业户籍人口 (> 0); projects: the projects ledger has rows for its township (a row without
-- 县 or 乡镇 counts for every county or township); measures: the measures ledger has rows for it (likewise without
-- 县, 乡镇 or 村); monitoring: the year's monitoring export (监测对象信息 / 脱贫人口信息) has rows for it. A figure takes
-- numerator and denominator over the places that have what it needs.
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
        union
        select distinct year from monitor_households where y is null
    ),

    hh as (
        select distinct year, county, township, village, true as present
        from households where y is null or year = y
    ),

    agri as (
        select distinct year, county, township, village, true as present
        from villages where (y is null or year = y) and agri_population > 0
    ),

    mon as (
        select distinct year, county, township, village, true as present
        from monitor_households where y is null or year = y
    ),

    pj as (
        select distinct year, county, township from projects where y is null or year = y
    ),

    ms as (
        select distinct year, county, township, village from measures where y is null or year = y
    ),

    grid as (
        select yr.year, k.county, k.township, k.village from known k cross join years yr
    )

    -- Households and 农业户籍人口 match a place exactly (joins); projects and measures with the wildcard of a row
    -- without 县/乡镇/村 (semi-joins over the few distinct rows of a year).
    select
        g.year,
        g.county,
        g.township,
        g.village,
        coalesce(h.present, false) as households,
        coalesce(a.present, false) as agri_population,
        coalesce(m.present, false) as monitoring,
        exists (
            select 1 from pj
            where pj.year = g.year and (pj.county is null or pj.county is not distinct from g.county)
              and (pj.township is null or pj.township is not distinct from g.township)
        ) as projects,
        exists (
            select 1 from ms
            where ms.year = g.year and (ms.county is null or ms.county is not distinct from g.county)
              and (ms.township is null or ms.township is not distinct from g.township)
              and (ms.village is null or ms.village is not distinct from g.village)
        ) as measures
    from grid g
    left join hh h
      on h.year = g.year and h.county is not distinct from g.county and h.township is not distinct from g.township
     and h.village is not distinct from g.village
    left join agri a
      on a.year = g.year and a.county is not distinct from g.county and a.township is not distinct from g.township
     and a.village = g.village
    left join mon m
      on m.year = g.year and m.county is not distinct from g.county and m.township is not distinct from g.township
     and m.village is not distinct from g.village;
