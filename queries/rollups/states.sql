-- The data version every rollup's year was built from (rollups/state for all of them at once).
select name, year, version from rollup_state
