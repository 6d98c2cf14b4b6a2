-- Record the data version a rollup's year was built from.
insert or replace into rollup_state values ($rollup, $year, $version)
