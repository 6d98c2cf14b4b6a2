-- Where an area name occurs: as a county, a township or a village in the detail ledgers, or in the areas ledger.
select 'county' as level, county as name, null as township from households where county = $area
union
select 'county', county, null from villages where county = $area
union
select 'township', township, township from households where township = $area
union
select 'township', township, township from villages where township = $area
union
select 'village', village, township from households where village = $area
union
select 'village', village, township from villages where village = $area
union
select 'area', area, null from areas where area = $area
