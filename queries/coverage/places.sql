-- Every place of an area with the ledgers of $year present for it (ledger_coverage): what each figure covers.
select county, township, village, households, agri_population, projects, measures, monitoring
from ledger_coverage($year, $county, $township, $village)
order by county nulls first, township nulls first, village nulls first
