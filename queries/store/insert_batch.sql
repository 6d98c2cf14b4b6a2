-- Record one import.
insert into import_batches (
    batch_id, file_name, sha256, kind, year, township, snapshots, rows_read, rows_imported, rows_rejected,
    households, persons, replaced_rows, imported_at, imported_by, status, origin, batch_group, county, replace_township
) values (
    $batch_id, $file_name, $sha256, $kind, $year, $township, $snapshots, $rows_read, $rows_imported,
    $rows_rejected, $households, $persons, $replaced_rows, $imported_at, $imported_by, 'active', $origin,
    $batch_group, $county, $replace_township
)
