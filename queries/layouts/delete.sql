-- Delete a saved layout.
delete from layouts where name = $name
