-- Delete the rows in replaced_rows (after archiving them).
delete from {table} where rowid in (select rid from replaced_rows)
