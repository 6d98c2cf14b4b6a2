-- Give a saved layout another name.
update layouts set name = $new_name where name = $layout_name
