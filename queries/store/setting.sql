-- One setting's value.
select value from settings where key = $key
