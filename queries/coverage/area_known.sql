-- Whether a name occurs anywhere as a place: a county, township or village of a detail ledger, or an areas-ledger area.
select 1 as known
where exists (select 1 from households where $area in (county, township, village))
   or exists (select 1 from villages where $area in (county, township, village))
   or exists (select 1 from areas where area = $area or $area in (county, township, village))
