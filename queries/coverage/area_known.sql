-- Whether a name occurs anywhere as a place: a county, township or village any ledger knows, or an areas-ledger area.
select 1 as known
where exists (select 1 from places() where $area in (county, township, village))
   or exists (select 1 from areas where area = $area)
