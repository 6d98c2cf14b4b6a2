-- Set one setting.
insert or replace into settings values ($key, $value)
