-- Rebuild one year of known_village_rollup: the villages known from the villages ledger or the households snapshot.
delete from known_village_rollup where year = $year;

insert into known_village_rollup
select $year as year, county, township, village from villages where year = $year
union
select $year as year, county, township, village from households where year = $year and village is not null;
