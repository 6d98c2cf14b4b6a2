-- Delete a saved layout.
delete from layouts where name = $layout_name
