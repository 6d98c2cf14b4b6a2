-- Every place any ledger knows, in any year: the (county, township, village) of households, villages, measures and
-- the villages projects name; a township that only the projects or measures ledger names, without villages, is the
-- place (county, township, null). A place without a ledger is not a place without poverty: ledger_coverage says.
create or replace macro places() as table
    with detail as (
        select county, township, village from households
        union
        select county, township, village from villages
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
    )

    select county, township, village from detail
    union
    select t.county, t.township, null::varchar
    from townships_named t
    anti join detail d on d.county is not distinct from t.county and d.township is not distinct from t.township;
