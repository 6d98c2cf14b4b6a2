-- Villages known in a year and area, from the villages ledger or the households snapshot.
create or replace macro known_villages_in(y, cty, town, vil) as table
    select county, township, village from villages_in(y, cty, town, vil)
    union
    select county, township, village from households_in(y, cty, town, vil) where village is not null;
