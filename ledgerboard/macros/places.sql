-- Every place any ledger knows, in any year: the (county, township, village) of households, villages, monitoring exports, summary tables by place (areas rows with place columns), measures and
-- the villages projects name; a township that only the projects or measures ledger names, without villages, is the
-- place (county, township, null), and so is a township that only a 区域汇总表 row (层级 乡镇) names, in a store of one
-- county (the areas ledger has no 县 column to place it by otherwise). A place without a ledger is not a place
-- without poverty: ledger_coverage says which ledgers each place has.
create or replace macro places() as table
    with detail as (
        select county, township, village from households
        union
        select county, township, village from villages
        union
        select county, township, village from monitor_households
        union
        select county, township, village from areas where township is not null or village is not null
        union
        select county, township, village from measures where village is not null
        union
        select county, township, village from project_villages where not whole_township and village is not null
    ),

    townships_named as (
        select county, township from projects where township is not null
        union
        select county, township from project_villages where township is not null
        union
        select county, township from measures where village is null and township is not null
        union
        select (select min(county) from households), area from areas
        where level = '乡镇' and (select count(distinct county) from households) <= 1
    )

    select county, township, village from detail
    union
    select t.county, t.township, null::varchar
    from townships_named t
    anti join detail d on d.county is not distinct from t.county and d.township is not distinct from t.township;
