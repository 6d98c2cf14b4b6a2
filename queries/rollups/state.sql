-- The data version a rollup's year was built from.
select version from rollup_state where name = $rollup and year = $year
