-- Role, scope, name and external id of an account; a changed account's sessions end.
update accounts
set display_name = $display_name, role = $role, county = $county, township = $township, external_id = $external_id,
    session_epoch = session_epoch + 1
where username = $username
