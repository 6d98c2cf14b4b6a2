-- The demo ledgers the store holds (active batches the demo loader made), by file name.
select file_name from import_batches where origin = 'demo' and status = 'active' order by file_name
